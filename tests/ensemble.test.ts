import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig, repoRoot } from "../api/src/config.ts";
import { Classifier } from "../api/src/inference/classifier.ts";
import type { ModelCard } from "../api/src/domain/model-card.ts";
import { loadMnist, mnistDigit } from "../scripts/lib/mnist.ts";
import { logitsOf, logSoftmaxRows, testDigitsFor } from "./helpers/onnx-logits.ts";
import { pythonHas, TRAINING_PYTHON } from "./helpers/training-python.ts";

/*
 * `npm run ensemble` folds trained models into one ONNX graph: the logits are the mean of the
 * members' log-probabilities. Here the members are the served model and the fixture trained with
 * a not-a-digit output (one member without that output drops it for all).
 */
const run = promisify(execFile);
const withTorch = pythonHas("torch", "numpy", "onnx");
const SERVED = loadConfig().modelDir;
const FIXTURE = path.join(import.meta.dirname, "fixtures", "model-with-not-a-digit-output");
const DIGITS = 16;

describe.skipIf(!withTorch)("an ensemble of trained models in one graph", () => {
  let work = "";
  let folded = "";
  let card: ModelCard & { training: { members?: Array<{ version: string }> } };
  const test = loadMnist("test");
  // Normalised as the classifier does, so raw sessions see what the server's session sees.
  let input: Float32Array;

  beforeAll(async () => {
    work = await mkdtemp(path.join(os.tmpdir(), "digits-ensemble-test-"));
    folded = path.join(work, "ensemble");
    await run("npm", ["run", "--silent", "ensemble", "--", "--members", SERVED, FIXTURE, "--out", folded], { cwd: repoRoot, maxBuffer: 1 << 24 });
    card = JSON.parse(await readFile(path.join(folded, "model-card.json"), "utf8")) as typeof card;
    input = testDigitsFor(card, DIGITS);
  }, 600_000);
  afterAll(async () => {
    if (work) await rm(work, { recursive: true, force: true });
  });

  it("gives the mean of its members' log-probabilities", async () => {
    const served = JSON.parse(await readFile(path.join(SERVED, "model-card.json"), "utf8")) as ModelCard;
    const fixture = JSON.parse(await readFile(path.join(FIXTURE, "model-card.json"), "utf8")) as ModelCard;
    const a = logSoftmaxRows(await logitsOf(path.join(SERVED, served.file), input, DIGITS));
    const b = logSoftmaxRows(await logitsOf(path.join(FIXTURE, fixture.file), input, DIGITS));
    const both = await logitsOf(path.join(folded, card.file), input, DIGITS);
    both.forEach((v, i) => expect(v).toBeCloseTo((a[i]! + b[i]!) / 2, 4));
    expect(card.training.members?.map((m) => m.version)).toEqual([served.version, fixture.version]);
  });

  it("is served like any model: its own temperature, no not-a-digit output unless every member has one", async () => {
    expect(card.calibration?.temperature).toBeGreaterThan(0);
    expect(card.calibration?.validationEce).toBeLessThan(0.02);
    expect(card.notADigitOutput).toBeUndefined();
    expect(card.architecture).toMatch(/^ensemble of 2/);
    const classifier = await Classifier.load(folded);
    try {
      const readings = await classifier.classifyBatch(Array.from({ length: DIGITS }, (_, i) => mnistDigit(test, i)));
      readings.forEach((r, i) => expect(r.digit).toBe(test.labels[i]));
      expect(readings.every((r) => r.notADigit === null)).toBe(true);
    } finally {
      await classifier.close();
    }
  });

  it("is fine-tuned from its ONNX graph alone, both members rebuilt", async () => {
    const corrections = new Float32Array(DIGITS * 784);
    for (let i = 0; i < DIGITS; i++) corrections.set(mnistDigit(test, i), i * 784);
    await writeFile(path.join(work, "corrections.f32"), corrections);
    await writeFile(path.join(work, "labels.u8"), test.labels.subarray(0, DIGITS));
    const tuned = path.join(work, "tuned");
    await run(
      TRAINING_PYTHON,
      [
        path.join(repoRoot, "scripts", "train", "fine_tune.py"),
        "--base-onnx", path.join(folded, card.file), "--base-card", path.join(folded, "model-card.json"),
        "--corrections", path.join(work, "corrections.f32"), "--labels", path.join(work, "labels.u8"),
        "--data", "sixteen test digits", "--out", tuned, "--steps", "4",
      ],
      { cwd: path.join(repoRoot, "scripts", "train"), env: { ...process.env, OPENBLAS_NUM_THREADS: "1" }, maxBuffer: 1 << 24 },
    );
    // The card is copied from the base; the graph's size tells that both members were rebuilt and exported.
    const tunedCard = JSON.parse(await readFile(path.join(tuned, "model-card.json"), "utf8")) as ModelCard;
    expect(tunedCard.training).toMatchObject({ fineTunedFrom: card.version, startedFrom: "ONNX graph (batch norm folded)" });
    const size = async (folder: string, file: string) => (await stat(path.join(folder, file))).size;
    expect(await size(tuned, tunedCard.file)).toBeCloseTo(await size(folded, card.file), -4);
    // Four small steps leave it reading the same digits.
    const classifier = await Classifier.load(tuned);
    try {
      const readings = await classifier.classifyBatch(Array.from({ length: DIGITS }, (_, i) => mnistDigit(test, i)));
      readings.forEach((r, i) => expect(r.digit).toBe(test.labels[i]));
    } finally {
      await classifier.close();
    }
  }, 300_000);
});
