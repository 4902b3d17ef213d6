import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot } from "../api/src/config.ts";
import type { ModelCard } from "../api/src/domain/model-card.ts";
import { correctOf, readTestSet } from "./helpers/test-set-readings.ts";
import { fineTuneOnTestDigits, pythonHas, TRAINING_PYTHON } from "./helpers/training-python.ts";

/*
 * `npm run quantize` writes a model's integer version (int8 weights, uint8 activations), which
 * ONNX Runtime runs in integer kernels. Here the model is the fixture with a not-a-digit output,
 * so both of a graph's outputs go through it.
 */
const run = promisify(execFile);
const withTorch = pythonHas("torch", "numpy", "onnx");
const FIXTURE = path.join(import.meta.dirname, "fixtures", "model-with-not-a-digit-output");
type QuantizedCard = ModelCard & { training: { fineTunedFrom?: string } };

const readCard = async (folder: string) => JSON.parse(await readFile(path.join(folder, "model-card.json"), "utf8")) as QuantizedCard;
const size = async (folder: string, card: ModelCard) => (await stat(path.join(folder, card.file))).size;

describe.skipIf(!withTorch)("the integer version of a trained model", () => {
  let work = "";
  let int8 = "";
  let card: QuantizedCard;
  let fixture: QuantizedCard;

  beforeAll(async () => {
    work = await mkdtemp(path.join(os.tmpdir(), "digits-int8-test-"));
    int8 = path.join(work, "int8");
    await run("npm", ["run", "--silent", "quantize", "--", "--model", FIXTURE, "--out", int8], { cwd: repoRoot, maxBuffer: 1 << 24 });
    [card, fixture] = [await readCard(int8), await readCard(FIXTURE)];
  }, 600_000);
  afterAll(async () => {
    if (work) await rm(work, { recursive: true, force: true });
  });

  it("is about a quarter of the float graph, reads as its card says in ONNX Runtime, and agrees with the float graph", async () => {
    expect(await size(int8, card)).toBeLessThan(0.35 * (await size(FIXTURE, fixture)));
    expect(card.quantization?.from).toBe(fixture.version);
    expect(card.version).not.toBe(fixture.version);
    expect(card.notADigitOutput).toEqual(fixture.notADigitOutput);
    expect(card.calibration?.temperature).toBeGreaterThan(0);
    expect(card.calibration?.validationEce).toBeLessThan(0.02);

    // The card's test figure comes from the graph read in PyTorch; the server must read the same.
    const [integer, float] = [await readTestSet(int8), await readTestSet(FIXTURE)];
    expect(correctOf(integer)).toBe(card.testCorrect);
    const agree = integer.filter((r, i) => r.digit === float[i]!.digit).length;
    expect(agree / integer.length).toBeGreaterThanOrEqual(0.998);
    expect(integer.every((r) => r.notADigit !== null && r.notADigit >= 0 && r.notADigit <= 1)).toBe(true);
  });

  it("keeps its weights within 7 bits, which ONNX Runtime multiplies without saturating on processors without VNNI", async () => {
    const script = "import sys, onnx; from onnx import numpy_helper as h; g = onnx.load(sys.argv[1]).graph; "
      + "w = [h.to_array(t) for t in g.initializer if t.data_type == onnx.TensorProto.INT8]; print(len(w), max(int(abs(a.astype(int)).max()) for a in w))";
    const { stdout } = await run(TRAINING_PYTHON, ["-c", script, path.join(int8, card.file)]);
    const [tensors, largest] = stdout.trim().split(" ").map(Number);
    expect(tensors).toBeGreaterThan(0);
    expect(largest).toBe(63); // each channel's largest weight sits on the edge of the range
  });

  it("runs the convolutions of its one-channel input in float, on whole numbers only", async () => {
    // Whole-number weights and biases on the input's integer steps: every sum is exact in float32,
    // so ONNX Runtime and the PyTorch reader that measured the card agree to the bit.
    const script = [
      "import sys, onnx",
      "from onnx import numpy_helper as h",
      "g = onnx.load(sys.argv[1]).graph",
      "init = {t.name: h.to_array(t) for t in g.initializer}",
      "first = [n for n in g.node if n.op_type == 'Conv' and n.input[1] in init]",
      "whole = all((init[name] == init[name].round()).all() for n in first for name in n.input[1:])",
      "largest = max(int(abs(init[n.input[1]]).max()) for n in first)",
      "print(len(first), str(init[first[0].input[1]].dtype), whole, largest)",
    ].join("\n");
    const { stdout } = await run(TRAINING_PYTHON, ["-c", script, path.join(int8, card.file)]);
    const [convs, dtype, whole, largest] = stdout.trim().split(" ");
    expect(Number(convs)).toBeGreaterThan(0);
    expect(dtype).toBe("float32");
    expect(whole).toBe("True");
    expect(Number(largest)).toBe(63);
  });

  it("is not quantized twice", async () => {
    const again = run("npm", ["run", "--silent", "quantize", "--", "--model", int8, "--out", path.join(work, "again")], { cwd: repoRoot });
    await expect(again).rejects.toMatchObject({ stderr: expect.stringContaining("already an integer graph") });
  });

  it("is fine-tuned into an integer graph again, from its own graph", async () => {
    const tuned = path.join(work, "tuned");
    await fineTuneOnTestDigits({ base: int8, file: card.file, work, out: tuned, count: 16 });
    const tunedCard = await readCard(tuned);
    expect(tunedCard.training.fineTunedFrom).toBe(card.version);
    expect(tunedCard.quantization?.from).toMatch(/^[0-9a-f]{12}$/);
    expect(tunedCard.quantization?.from).not.toBe(card.quantization?.from);
    expect(await size(tuned, tunedCard)).toBeCloseTo(await size(int8, card), -4);
    // Four small steps leave it reading as the base does, and the server reads what its card says.
    const readings = await readTestSet(tuned);
    expect(correctOf(readings)).toBe(tunedCard.testCorrect);
    expect(Math.abs(tunedCard.testCorrect - card.testCorrect)).toBeLessThanOrEqual(10);
  }, 300_000);
});
