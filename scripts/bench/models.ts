/**
 * npm run bench:models -- DIR DIR [...] [--rounds N] [--runs N]
 * Inference cost of model folders side by side, through the server's own Classifier (one ONNX
 * Runtime thread, the card's normalisation and calibration): per image at batch 1 and at batch
 * 32, the median over rounds. The folders take turns within every round, because a small
 * virtual machine's speed drifts by tens of percent within minutes: measured one after the
 * other, two graphs would be compared on two different machines.
 */
import path from "node:path";
import { parseArgs } from "node:util";
import { Classifier } from "../../api/src/inference/classifier.ts";
import { loadMnist, mnistDigit } from "../lib/mnist.ts";
import { inferenceCosts } from "./inference-cost.ts";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { rounds: { type: "string", default: "6" }, runs: { type: "string", default: "1000" } },
});
if (positionals.length === 0) throw new Error("usage: npm run bench:models -- DIR DIR [...] [--rounds N] [--runs N]");
const rounds = Number(values.rounds);
const runs = Number(values.runs);

// MNIST validation digits: real ink, the same inputs for every model.
const validation = loadMnist("validation");
const digits = Array.from({ length: 32 }, (_, i) => mnistDigit(validation, i));
const models = await Promise.all(positionals.map(async (dir) => ({ dir, classifier: await Classifier.load(path.resolve(dir)) })));

for (const { classifier } of models) await inferenceCosts(classifier, digits, 300);
const samples = models.map(() => ({ batch1: [] as number[], batch32: [] as number[] }));
for (let round = 0; round < rounds; round++) {
  for (const [i, { classifier }] of models.entries()) {
    const costs = await inferenceCosts(classifier, digits, runs);
    samples[i]!.batch1.push(costs.batch1Ms);
    samples[i]!.batch32.push(costs.batch32PerImageMs);
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const ms = (xs: number[]) => xs.map((x) => x.toFixed(3)).join(" ");
for (const [i, { dir, classifier }] of models.entries()) {
  const { batch1, batch32 } = samples[i]!;
  console.log(`${classifier.card.version} (${dir}): batch 1 median ${median(batch1).toFixed(3)} ms [${ms(batch1)}], batch 32 median ${median(batch32).toFixed(3)} ms/image [${ms(batch32)}]`);
}
await Promise.all(models.map(({ classifier }) => classifier.close()));
