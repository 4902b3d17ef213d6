import { describe, expect, it } from "vitest";
import { loadConfig } from "../api/src/config.ts";
import { readModelCard } from "../api/src/inference/model-card.ts";
import { correctOf, readTestSet } from "./helpers/test-set-readings.ts";

// The card's test figure is measured in PyTorch when the model is built. ONNX Runtime picks its
// kernels by processor (an integer graph runs on other instructions with and without VNNI), so
// the served graph is read again here, on whatever machine runs the tests.
describe("the served model", () => {
  it("reads the MNIST test set in ONNX Runtime exactly as its card says", { timeout: 120_000 }, async () => {
    const modelDir = loadConfig().modelDir;
    const [card, readings] = [await readModelCard(modelDir), await readTestSet(modelDir)];
    expect(readings.length).toBe(card.testTotal);
    expect(correctOf(readings)).toBe(card.testCorrect);
  });
});
