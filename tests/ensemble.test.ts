import { execFile } from "node:child_process";
import { cp, mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot } from "../api/src/config.ts";
import { Classifier } from "../api/src/inference/classifier.ts";
import type { ModelCard } from "../api/src/domain/model-card.ts";
import { loadMnist, mnistDigit } from "../scripts/lib/mnist.ts";
import { logitsOf, logSoftmaxRows, testDigitsFor } from "./helpers/onnx-logits.ts";
import { fineTuneOnTestDigits, pythonHas, TRAINING_PYTHON } from "./helpers/training-python.ts";

/*
 * `npm run ensemble` folds trained models into one ONNX graph: the logits are the mean of the
 * members' log-probabilities. Here the members are the fixture trained with a not-a-digit output
 * and a float network that reads as it does but less sure and without that output (one member
 * without it drops it for all): the fixture with its digit logits scaled by 0.8.
 */
const run = promisify(execFile);
const withTorch = pythonHas("torch", "numpy", "onnx");
const FIXTURE = path.join(import.meta.dirname, "fixtures", "model-with-not-a-digit-output");
const DIGITS = 16;

// Scales the digit logits by 0.8 and removes the not-a-digit layer and output. Every convolution's
// weights are scaled by 1.1 too, and its bias with them, so that each layer's output grows by 1.1
// (ReLU and max pooling keep a positive factor) and the digit layer takes it back out: the same
// network, but with weights unlike the fixture's, which the export would otherwise share between
// the members (and small factors, so that fine-tuning it is no harder than fine-tuning the fixture).
const SOFTEN_AND_DROP_DOUBT = `
import sys, onnx
from onnx import numpy_helper
model = onnx.load(sys.argv[1])
graph = model.graph
digits, doubt = [n for n in graph.node if n.op_type == "Gemm"]
convs = [n for n in graph.node if n.op_type == "Conv"]
factors = {}
for k, conv in enumerate(convs):
    factors[conv.input[1]], factors[conv.input[2]] = 1.1, 1.1 ** (k + 1)
factors[digits.input[1]], factors[digits.input[2]] = 0.8 / 1.1 ** len(convs), 0.8
for t in graph.initializer:
    if t.name in factors:
        t.CopyFrom(numpy_helper.from_array(numpy_helper.to_array(t) * factors[t.name], t.name))
graph.node.remove(doubt)
graph.output.remove(next(o for o in graph.output if o.name == doubt.output[0]))
onnx.save(model, sys.argv[2])
`;

/** The softened fixture as a model folder in `work`, with a card of its own ("softened0000"). */
async function softenedMember(work: string): Promise<string> {
  const softened = path.join(work, "softened");
  await cp(FIXTURE, softened, { recursive: true });
  const softenedCard = JSON.parse(await readFile(path.join(softened, "model-card.json"), "utf8")) as ModelCard;
  await run(TRAINING_PYTHON, ["-c", SOFTEN_AND_DROP_DOUBT, path.join(FIXTURE, softenedCard.file), path.join(softened, softenedCard.file)]);
  const { notADigitOutput: _dropped, ...rest } = { ...softenedCard, version: "softened0000" };
  await writeFile(path.join(softened, "model-card.json"), JSON.stringify(rest));
  return softened;
}

describe.skipIf(!withTorch)("an ensemble of trained models in one graph", () => {
  let work = "";
  let softened = "";
  let folded = "";
  let card: ModelCard & { training: { members?: Array<{ version: string }> } };
  const test = loadMnist("test");
  // Normalised as the classifier does, so raw sessions see what the server's session sees.
  let input: Float32Array;

  beforeAll(async () => {
    work = await mkdtemp(path.join(os.tmpdir(), "digits-ensemble-test-"));
    softened = await softenedMember(work);
    folded = path.join(work, "ensemble");
    await run("npm", ["run", "--silent", "ensemble", "--", "--members", FIXTURE, softened, "--out", folded], { cwd: repoRoot, maxBuffer: 1 << 24 });
    card = JSON.parse(await readFile(path.join(folded, "model-card.json"), "utf8")) as typeof card;
    input = testDigitsFor(card, DIGITS);
  }, 600_000);
  afterAll(async () => {
    if (work) await rm(work, { recursive: true, force: true });
  });

  it("gives the mean of its members' log-probabilities", async () => {
    const fixture = JSON.parse(await readFile(path.join(FIXTURE, "model-card.json"), "utf8")) as ModelCard;
    const a = logSoftmaxRows(await logitsOf(path.join(FIXTURE, fixture.file), input, DIGITS));
    const b = logSoftmaxRows(await logitsOf(path.join(softened, fixture.file), input, DIGITS));
    // The two members do differ: the softened one is less sure.
    expect(Math.max(...a.map((v, i) => Math.abs(v - b[i]!)))).toBeGreaterThan(0.01);
    const both = await logitsOf(path.join(folded, card.file), input, DIGITS);
    both.forEach((v, i) => expect(v).toBeCloseTo((a[i]! + b[i]!) / 2, 4));
    expect(card.training.members?.map((m) => m.version)).toEqual([fixture.version, "softened0000"]);
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
    const tuned = path.join(work, "tuned");
    await fineTuneOnTestDigits({ base: folded, file: card.file, work, out: tuned, count: DIGITS });
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

/*
 * With --doubt-from, the not-a-digit output is one member's own doubt: one minus its top
 * probability at its own temperature. Here the member is the softened network, which has no
 * not-a-digit layer of its own, so the output can come from nothing else.
 */
describe.skipIf(!withTorch)("an ensemble whose not-a-digit output is one member's doubt", () => {
  let work = "";
  let softened = "";
  let folded = "";
  let card: ModelCard & { notADigitOutput: NonNullable<ModelCard["notADigitOutput"]> };
  const test = loadMnist("test");

  beforeAll(async () => {
    work = await mkdtemp(path.join(os.tmpdir(), "digits-ensemble-doubt-test-"));
    softened = await softenedMember(work);
    folded = path.join(work, "ensemble");
    const args = ["run", "--silent", "ensemble", "--", "--members", FIXTURE, softened, "--doubt-from", softened, "--out", folded];
    await run("npm", args, { cwd: repoRoot, maxBuffer: 1 << 24 });
    card = JSON.parse(await readFile(path.join(folded, "model-card.json"), "utf8")) as typeof card;
  }, 600_000);
  afterAll(async () => {
    if (work) await rm(work, { recursive: true, force: true });
  });

  it("serves one minus that member's top calibrated probability as the not-a-digit probability", async () => {
    expect(card.notADigitOutput).toMatchObject({ name: "notADigit", fromMember: 1 });
    const temperature = card.notADigitOutput.memberTemperature!;
    expect(temperature).toBeGreaterThan(0);
    // Digits, and digits blended with the next one, where the member is less sure.
    const digits = Array.from({ length: DIGITS }, (_, i) => mnistDigit(test, i));
    const blends = digits.map((d, i) => d.map((v, p) => (v + digits[(i + 1) % DIGITS]![p]!) / 2));
    const inputs = [...digits, ...blends];
    const { mean, std } = card.input.normalization;
    const normalised = new Float32Array(inputs.length * 784);
    inputs.forEach((input, i) => normalised.set(input.map((v) => (v - mean) / std), i * 784));
    const member = await logitsOf(path.join(softened, card.file), normalised, inputs.length);
    const classifier = await Classifier.load(folded);
    try {
      const readings = await classifier.classifyBatch(inputs);
      readings.forEach((r, i) => {
        const scaled = Array.from(member.subarray(i * 10, i * 10 + 10), (v) => v / temperature);
        const top = Math.max(...logSoftmaxRows(Float32Array.from(scaled)));
        expect(r.notADigit).toBeCloseTo(1 - Math.exp(top), 4);
      });
    } finally {
      await classifier.close();
    }
  });

  it("keeps that output in its integer version", async () => {
    const int8 = path.join(work, "int8");
    await run("npm", ["run", "--silent", "quantize", "--", "--model", folded, "--out", int8], { cwd: repoRoot, maxBuffer: 1 << 24 });
    const int8Card = JSON.parse(await readFile(path.join(int8, "model-card.json"), "utf8")) as ModelCard;
    expect(int8Card.notADigitOutput).toEqual(card.notADigitOutput);
    const [float, integer] = [await Classifier.load(folded), await Classifier.load(int8)];
    try {
      const digits = Array.from({ length: DIGITS }, (_, i) => mnistDigit(test, i));
      const [a, b] = [await float.classifyBatch(digits), await integer.classifyBatch(digits)];
      b.forEach((r, i) => expect(Math.abs(r.notADigit! - a[i]!.notADigit!)).toBeLessThan(0.05));
    } finally {
      await float.close();
      await integer.close();
    }
  }, 300_000);

  it("keeps that output when fine-tuned from its ONNX graph alone", async () => {
    const tuned = path.join(work, "tuned");
    await fineTuneOnTestDigits({ base: folded, file: card.file, work, out: tuned, count: DIGITS });
    const tunedCard = JSON.parse(await readFile(path.join(tuned, "model-card.json"), "utf8")) as ModelCard;
    // The member's temperature is fitted again: four small steps leave it about where it was.
    expect(tunedCard.notADigitOutput).toMatchObject({ name: card.notADigitOutput.name, fromMember: card.notADigitOutput.fromMember });
    expect(tunedCard.notADigitOutput?.memberTemperature).toBeCloseTo(card.notADigitOutput.memberTemperature!, 1);
    const classifier = await Classifier.load(tuned);
    try {
      const readings = await classifier.classifyBatch(Array.from({ length: DIGITS }, (_, i) => mnistDigit(test, i)));
      readings.forEach((r, i) => {
        expect(r.digit).toBe(test.labels[i]);
        expect(r.notADigit).toBeGreaterThanOrEqual(0);
        expect(r.notADigit).toBeLessThan(0.5);
      });
    } finally {
      await classifier.close();
    }
  }, 300_000);

  it("fits the doubting member's temperature again when fine-tuned, so that a stale one does not carry over", async () => {
    // A base whose card holds a temperature the member no longer has, as after training moved it.
    const stale = path.join(work, "stale");
    await cp(folded, stale, { recursive: true });
    const fitted = card.notADigitOutput.memberTemperature!;
    await writeFile(path.join(stale, "model-card.json"), JSON.stringify({ ...card, notADigitOutput: { ...card.notADigitOutput, memberTemperature: 3 * fitted } }));
    const tuned = path.join(work, "tuned-from-stale");
    await fineTuneOnTestDigits({ base: stale, file: card.file, work, out: tuned, count: DIGITS });
    const tunedCard = JSON.parse(await readFile(path.join(tuned, "model-card.json"), "utf8")) as ModelCard;
    expect(tunedCard.notADigitOutput?.memberTemperature).toBeCloseTo(fitted, 1);
  }, 300_000);
});
