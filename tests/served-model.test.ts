import { describe, expect, it } from "vitest";
import { loadConfig } from "../api/src/config.ts";
import { Classifier } from "../api/src/inference/classifier.ts";
import { mnistDigit } from "../scripts/lib/mnist.ts";
import { mnistTest } from "./helpers/fixtures.ts";

// The card's test figure is measured in PyTorch when the model is built. ONNX Runtime picks its
// kernels by processor (an integer graph runs on other instructions with and without VNNI), so
// the served graph is read again here, on whatever machine runs the tests.
describe("the served model", () => {
  it("reads the MNIST test set in ONNX Runtime exactly as its card says", { timeout: 120_000 }, async () => {
    const classifier = await Classifier.load(loadConfig().modelDir);
    try {
      const set = mnistTest();
      const readings = await classifier.classifyBatch(Array.from({ length: set.count }, (_, i) => mnistDigit(set, i)));
      const correct = readings.filter((r, i) => r.digit === set.labels[i]).length;
      expect(set.count).toBe(classifier.card.testTotal);
      expect(correct).toBe(classifier.card.testCorrect);
    } finally {
      await classifier.close();
    }
  });
});
