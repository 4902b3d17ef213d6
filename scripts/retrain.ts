/**
 * npm run retrain [-- --steps N] [--lr X] [--share X] [--quick] [--json FILE]
 *
 * Learns from people's corrections, safely: takes the APPROVED labels only (given or approved by a
 * reviewer), prepares their images with the server's own preprocessing, holds one in five out
 * (by id, for good) to judge with, fine-tunes the active model on the rest mixed with MNIST
 * (scripts/train/fine_tune.py, PyTorch from Debian's python3-torch), then measures the result and
 * the active model on the very same images in Node, with ONNX Runtime, as the server runs them, and
 * registers the result as a CANDIDATE with those figures. Nobody is served by it until an admin
 * activates it (activateModel), which the promotion gates guard.
 *
 *   --steps N    fine-tuning steps (default 300: a few minutes on 2 cores)
 *   --lr X       the fine-tune's peak learning rate (SGD; default 0.01)
 *   --share X    part of each batch that is corrections, the rest MNIST (default 0.25)
 *   --quick      the evaluation sets' quick sizes (a check of the whole loop, not figures to trust)
 *   --json FILE  the before/after figures as JSON
 *
 * Works on the server's database (DATABASE_URL; the embedded one only while the server is stopped).
 */
import { spawn, spawnSync } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { loadConfig, repoRoot } from "../api/src/config.ts";
import { openDatabase } from "../api/src/db/database.ts";
import { ModelVersionStore } from "../api/src/db/model-versions.ts";
import { PredictionStore } from "../api/src/db/predictions.ts";
import type { ModelCard } from "../api/src/domain/model-card.ts";
import { Classifier } from "../api/src/inference/classifier.ts";
import { createMemoryPubSub } from "../api/src/events/pubsub.ts";
import { ModelRegistry } from "../api/src/services/model-registry.service.ts";
import { promotionFailures } from "../api/src/services/promotion-gates.ts";
import { loadCorrections } from "./retrain/corrections.ts";
import { buildBench, measure } from "./retrain/measure.ts";

function fail(message: string, code = 2): never {
  console.error(message);
  process.exit(code);
}

/** A reason to stop once the database is open: reported, and the database closed on the way out. */
class Stop extends Error {}

let options: ReturnType<typeof parse>;
function parse() {
  return parseArgs({
    strict: true,
    options: {
      steps: { type: "string", default: "300" },
      lr: { type: "string", default: "0.01" },
      share: { type: "string", default: "0.25" },
      quick: { type: "boolean", default: false },
      json: { type: "string" },
    },
  });
}
try {
  options = parse();
} catch (error) {
  fail(`${(error as Error).message}\nusage: npm run retrain [-- --steps N] [--lr X] [--share X] [--quick] [--json FILE]`);
}
const { values } = options;
const steps = /^\d{1,6}$/.test(values.steps) ? Number(values.steps) : NaN;
if (!(steps >= 1)) fail("--steps must be a whole number of at least 1");
const lr = Number(values.lr);
const share = Number(values.share);
if (!(lr > 0 && lr < 1)) fail("--lr must be a number between 0 and 1");
if (!(share > 0 && share < 1)) fail("--share must be a number between 0 and 1");
const python = "/usr/bin/python3";
if (spawnSync(python, ["-c", "import torch, numpy"], { stdio: "ignore" }).status !== 0) {
  fail("Retraining needs PyTorch and NumPy for /usr/bin/python3: apt-get install python3-torch python3-numpy (and python3-onnx for a model without PyTorch weights)", 1);
}

const config = loadConfig();
const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir }).catch((error: unknown) => fail(`Cannot open the database: ${(error as Error).message}`, 1));
const work = await mkdtemp(path.join(os.tmpdir(), "digits-retrain-"));
const started = performance.now();
const seconds = () => ((performance.now() - started) / 1000).toFixed(0);
try {
  const versions = new ModelVersionStore(db.prisma);
  const registry = new ModelRegistry({ store: versions, pubSub: createMemoryPubSub(), log: (error) => console.error(error) });
  const active = await versions.active();
  if (!active) throw new Stop("No active model in the registry yet: start the server once, so that it registers the shipped model");
  const predictions = new PredictionStore(db.prisma, db.sql);

  const corrections = await loadCorrections(predictions);
  const counts = await predictions.labelCounts();
  console.log(`trusted corrections: ${corrections.train.length} to train on, ${corrections.heldOut.length} held out to judge with` +
    `${corrections.unreadable ? `, ${corrections.unreadable} unreadable (left out)` : ""}; labels waiting for review: ${counts.PENDING ?? 0}, rejected: ${counts.REJECTED ?? 0}`);
  if (corrections.train.length === 0) {
    console.log("Nothing to learn from: only APPROVED labels train a model (approve labels in the review queue, or label with a REVIEWER key). No candidate registered.");
    process.exitCode = 0;
  } else {
    // The inputs fine_tune.py reads: the base version, and the training corrections as raw arrays.
    const base = path.join(work, "base");
    const onnx = (await versions.onnx(active.version))!;
    const weights = await versions.weights(active.version);
    await writeFile(`${base}.onnx`, onnx);
    if (weights) await writeFile(`${base}.pt`, weights);
    await writeFile(`${base}.json`, JSON.stringify(active.card));
    const pixels = new Float32Array(corrections.train.length * 784);
    corrections.train.forEach((c, i) => pixels.set(c.pixels, i * 784));
    await writeFile(path.join(work, "corrections.f32"), new Uint8Array(pixels.buffer));
    await writeFile(path.join(work, "labels.u8"), Uint8Array.from(corrections.train.map((c) => c.label)));
    const out = path.join(work, "candidate");
    const args = [
      path.join(repoRoot, "scripts", "train", "fine_tune.py"),
      "--base-onnx", `${base}.onnx`, ...(weights ? ["--base-weights", `${base}.pt`] : []), "--base-card", `${base}.json`,
      "--corrections", path.join(work, "corrections.f32"), "--labels", path.join(work, "labels.u8"),
      "--data", `${corrections.train.length} reviewed corrections (prediction ids up to ${corrections.lastId}; one in five held out by id)`,
      "--out", out, "--steps", String(steps), "--lr", String(lr), "--share", String(share),
    ];
    // OpenBLAS must stay single-threaded beside PyTorch's own threads on a small machine.
    const child = spawn(python, args, { cwd: path.join(repoRoot, "scripts", "train"), stdio: ["ignore", "inherit", "inherit"], env: { ...process.env, OPENBLAS_NUM_THREADS: "1", OMP_NUM_THREADS: "2" } });
    const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
    if (code !== 0) throw new Stop(`fine-tuning failed (exit ${code})`);

    const card = JSON.parse(await readFile(path.join(out, "model-card.json"), "utf8")) as ModelCard;
    const candidateOnnx = await readFile(path.join(out, card.file));
    console.log(`measuring ${card.version} and the active ${active.version} on the same images${values.quick ? " (quick sizes)" : ""} (${seconds()} s so far)`);
    const bench = await buildBench(corrections.heldOut, values.quick);
    const limits = loadConfig({});
    const [candidate, baseline] = [await Classifier.fromBytes(candidateOnnx, card), await Classifier.fromBytes(onnx, active.card)];
    const after = await measure(candidate, bench, limits);
    const before = await measure(baseline, bench, limits);
    await Promise.all([candidate.close(), baseline.close()]);
    if (after.mnistCorrect !== card.testCorrect) throw new Stop(`ONNX Runtime in Node reads ${after.mnistCorrect} MNIST test digits right, the card says ${card.testCorrect}`);

    const { mnistCorrect: _a, ...afterFigures } = after;
    const { mnistCorrect: _b, ...beforeFigures } = before;
    const metrics = { ...afterFigures, baseline: { version: active.version, ...beforeFigures } };
    const registered = await registry.register({ card, onnx: candidateOnnx, weights: await readFile(path.join(out, "mnist-cnn.pt")), metrics });

    const rows: Array<[string, number | undefined, number | undefined]> = [
      ["MNIST test", before.mnistTest, after.mnistTest],
      ...Object.keys(after.sets ?? {}).map((name): [string, number | undefined, number | undefined] => [name, before.sets?.[name], after.sets?.[name]]),
      [`held-out corrections (${corrections.heldOut.length})`, before.corrections?.accuracy, after.corrections?.accuracy],
    ];
    const cell = (v: number | undefined) => (v === undefined ? "-" : `${v.toFixed(2)} %`).padStart(9);
    console.log(`\n${"".padEnd(32)}${active.version.padStart(13)}${registered.version.padStart(13)}`);
    for (const [name, b, a] of rows) console.log(`${name.padEnd(32)}${cell(b).padStart(13)}${cell(a).padStart(13)}`);
    const failures = promotionFailures(metrics, active);
    console.log(`\nregistered ${registered.version} as a CANDIDATE in ${seconds()} s. ${failures.length === 0 ? "It passes the promotion gates: an admin may activate it." : `It does not pass the promotion gates: ${failures.join("; ")}`}`);
    console.log(`activate: mutation { activateModel(version: "${registered.version}") { version status } }  (with an ADMIN key)`);
    if (values.json) await writeFile(values.json, `${JSON.stringify({ candidate: registered.version, active: active.version, before: beforeFigures, after: afterFigures, passesGates: failures.length === 0, failures }, null, 2)}\n`);
  }
} catch (error) {
  if (!(error instanceof Stop)) throw error;
  console.error(error.message);
  process.exitCode = 1;
} finally {
  await db.close();
  await rm(work, { recursive: true, force: true });
}
