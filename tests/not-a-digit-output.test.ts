import { cp, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../api/src/config.ts";
import { Classifier } from "../api/src/inference/classifier.ts";
import { loadMnist, mnistDigit } from "../scripts/lib/mnist.ts";

/*
 * A model may have a second output saying how likely a drawing is no digit at all (train.py
 * --doubt-head, or one member's doubt with npm run ensemble --doubt-from). The fixture is a model
 * with such a head, trained by the same script; a card that names no such output gets null.
 */
const WITH_OUTPUT = path.join(import.meta.dirname, "fixtures", "model-with-not-a-digit-output");

/** Two MNIST digits squeezed side by side into one 28x28 input, as preprocessing would place "42". */
function sideBySide(a: Float32Array, b: Float32Array): Float32Array {
  const out = new Float32Array(784);
  for (let y = 0; y < 14; y++) {
    for (let x = 0; x < 28; x++) {
      const from = x < 14 ? a : b;
      const sx = (x % 14) * 2;
      out[(y + 7) * 28 + x] = Math.max(from[y * 2 * 28 + sx]!, from[(y * 2 + 1) * 28 + sx + 1]!);
    }
  }
  return out;
}

describe("the not-a-digit output", () => {
  let withOutput: Classifier;
  let served: Classifier;
  const test = loadMnist("test");

  beforeAll(async () => {
    withOutput = await Classifier.load(WITH_OUTPUT);
    served = await Classifier.load(loadConfig().modelDir);
  });
  afterAll(async () => {
    await withOutput?.close();
    await served?.close();
  });

  it("is read when the card names it: low for digits, high for two digits side by side", async () => {
    const digits = Array.from({ length: 20 }, (_, i) => mnistDigit(test, i));
    const pairs = Array.from({ length: 20 }, (_, i) => sideBySide(digits[i]!, digits[(i + 1) % 20]!));
    const onDigits = await withOutput.classifyBatch(digits);
    const onPairs = await withOutput.classifyBatch(pairs);
    onDigits.forEach((r, i) => expect(r.digit).toBe(test.labels[i]));
    const mean = (rs: typeof onDigits) => rs.reduce((sum, r) => sum + r.notADigit!, 0) / rs.length;
    for (const r of [...onDigits, ...onPairs]) expect(r.notADigit).toBeGreaterThanOrEqual(0);
    expect(mean(onDigits)).toBeLessThan(0.1);
    expect(mean(onPairs)).toBeGreaterThan(0.5);
  });

  it("is read from the served model, and is null when the card names none", async () => {
    expect(served.card.notADigitOutput).toBeDefined();
    const sure = await served.classify(mnistDigit(test, 0));
    expect(sure.notADigit).toBeGreaterThanOrEqual(0);
    expect(sure.notADigit).toBeLessThan(0.1);
    const work = await mkdtemp(path.join(os.tmpdir(), "digits-no-output-"));
    try {
      await cp(loadConfig().modelDir, work, { recursive: true });
      const { notADigitOutput: _dropped, ...card } = served.card;
      await writeFile(path.join(work, "model-card.json"), JSON.stringify(card));
      const without = await Classifier.load(work);
      try {
        expect((await without.classify(mnistDigit(test, 0))).notADigit).toBeNull();
      } finally {
        await without.close();
      }
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  });
});
