/**
 * npm run bench:models -- DIR DIR [...] [--rounds N] [--runs N] [--load SECONDS]
 * Inference cost of model folders side by side, through the server's own Classifier (one ONNX
 * Runtime thread, the card's normalisation and calibration): per image at batch 1 and at batch
 * 32, the median over rounds. The folders take turns within every round, because a small
 * virtual machine's speed drifts by tens of percent within minutes: measured one after the
 * other, two graphs would be compared on two different machines.
 * --load SECONDS: also `predictDigit` at 32 connections, end to end on one compiled server per
 * folder, for SECONDS in every round, taking turns the same way.
 */
import path from "node:path";
import { parseArgs } from "node:util";
import { Classifier } from "../../api/src/inference/classifier.ts";
import { loadMnist, mnistDigit } from "../lib/mnist.ts";
import { inferenceCosts } from "./inference-cost.ts";
import type { LoadResult } from "./load.ts";
import { startModelServers } from "./model-servers.ts";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { rounds: { type: "string", default: "6" }, runs: { type: "string", default: "1000" }, load: { type: "string", default: "0" } },
});
if (positionals.length === 0) throw new Error("usage: npm run bench:models -- DIR DIR [...] [--rounds N] [--runs N] [--load SECONDS]");
const rounds = Number(values.rounds);
const runs = Number(values.runs);
const loadSeconds = Number(values.load);

// MNIST validation digits: real ink, the same inputs for every model.
const validation = loadMnist("validation");
const digits = Array.from({ length: 32 }, (_, i) => mnistDigit(validation, i));
const models = await Promise.all(positionals.map(async (dir) => ({ dir, classifier: await Classifier.load(path.resolve(dir)) })));
const servers = loadSeconds > 0 ? await startModelServers(positionals) : undefined;

const samples = models.map(() => ({ batch1: [] as number[], batch32: [] as number[], load: [] as LoadResult[] }));
try {
  for (const { classifier } of models) await inferenceCosts(classifier, digits, 300);
  if (servers) for (const i of models.keys()) await servers.load(i, Math.min(loadSeconds, 2)); // warm-up
  for (let round = 0; round < rounds; round++) {
    for (const [i, { classifier }] of models.entries()) {
      await servers?.quiet(); // not beside PostgreSQL writing out a load run's rows
      const costs = await inferenceCosts(classifier, digits, runs);
      samples[i]!.batch1.push(costs.batch1Ms);
      samples[i]!.batch32.push(costs.batch32PerImageMs);
    }
    if (servers) for (const i of models.keys()) samples[i]!.load.push(await servers.load(i, loadSeconds));
  }
} finally {
  await servers?.close();
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const ms = (xs: number[]) => xs.map((x) => x.toFixed(3)).join(" ");
for (const [i, { dir, classifier }] of models.entries()) {
  const { batch1, batch32, load } = samples[i]!;
  console.log(`${classifier.card.version} (${dir}): batch 1 median ${median(batch1).toFixed(3)} ms [${ms(batch1)}], batch 32 median ${median(batch32).toFixed(3)} ms/image [${ms(batch32)}]`);
  if (load.length === 0) continue;
  const perSecond = load.map((r) => r.requestsPerSecond);
  const errors = load.reduce((sum, r) => sum + r.errors, 0);
  console.log(`${classifier.card.version} (${dir}): predictDigit c=32 median ${median(perSecond).toFixed(0)} req/s [${perSecond.map((x) => x.toFixed(0)).join(" ")}], p50 median ${median(load.map((r) => r.p50)).toFixed(1)} ms, ${errors} errors`);
}
await Promise.all(models.map(({ classifier }) => classifier.close()));
