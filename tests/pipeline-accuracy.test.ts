import { describe, expect, it } from "vitest";
import { loadConfig } from "../api/src/config.ts";
import { Classifier } from "../api/src/inference/classifier.ts";
import { checkPipeline } from "../scripts/lib/pipeline-check.ts";
import { mnistDigit } from "../scripts/lib/mnist.ts";
import { mnistTest } from "./helpers/fixtures.ts";

// MNIST test digits drawn as canvas PNGs (200-400 px, scaled 5-12x, anywhere on the canvas, black
// on white / white on black / ink on transparent) through decode + preprocess + classify, against
// the same digits given to the network as they are: the pipeline must lose (almost) nothing.
describe("the full image pipeline", () => {
  it("reads MNIST digits rendered as canvases as the network reads the digits themselves, at >= 99.3 %", { timeout: 300_000 }, async () => {
    const classifier = await Classifier.load(loadConfig().modelDir);
    const set = mnistTest();
    const indices = Array.from({ length: 1000 }, (_, i) => i * 10); // spread over the whole test set
    const result = await checkPipeline(set, classifier, indices, 42);
    const direct = await classifier.classifyBatch(indices.map((index) => mnistDigit(set, index)));
    await classifier.close();
    const readRight = new Set(indices.filter((index, i) => direct[i]!.digit === set.labels[index]));
    const lostByPipeline = result.mistakes.filter((m) => readRight.has(m.index));
    console.log(`pipeline: ${result.correct}/${result.total} correct (${readRight.size} as they are), ${result.msPerImage.toFixed(2)} ms per image`);
    expect(lostByPipeline.length).toBeLessThanOrEqual(2);
    expect(result.correct / result.total).toBeGreaterThanOrEqual(0.993);
  });
});
