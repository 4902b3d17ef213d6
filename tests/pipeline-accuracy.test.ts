import { describe, expect, it } from "vitest";
import { loadConfig } from "../api/src/config.ts";
import { Classifier } from "../api/src/inference/classifier.ts";
import { checkPipeline } from "../scripts/lib/pipeline-check.ts";
import { mnistTest } from "./helpers/fixtures.ts";

// MNIST test digits drawn as canvas PNGs (200-400 px, scaled 5-12x, anywhere on the canvas, black
// on white / white on black / ink on transparent) through decode + preprocess + classify.
describe("the full image pipeline", () => {
  it("reads MNIST digits rendered as canvases at >= 99.5 %", { timeout: 300_000 }, async () => {
    const classifier = await Classifier.load(loadConfig().modelDir);
    const indices = Array.from({ length: 1000 }, (_, i) => i * 10); // spread over the whole test set
    const result = await checkPipeline(mnistTest(), classifier, indices, 42);
    await classifier.close();
    console.log(`pipeline: ${result.correct}/${result.total} correct, ${result.msPerImage.toFixed(2)} ms per image`);
    expect(result.correct / result.total).toBeGreaterThanOrEqual(0.995);
  });
});
