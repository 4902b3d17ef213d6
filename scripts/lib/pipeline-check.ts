import { loadConfig } from "../../api/src/config.ts";
import { Classifier } from "../../api/src/inference/classifier.ts";
import { prepareImage } from "../../api/src/inference/prepare-image.ts";
import { dataUrl } from "./canvases.ts";
import type { MnistSet } from "./mnist.ts";
import { renderDigitPng, type CanvasSpec, type InkStyle } from "./render-canvas.ts";

const STYLES: InkStyle[] = ["black-on-white", "white-on-black", "ink-on-transparent"];
/** The server's default image limits (PNG size and side). */
const LIMITS = loadConfig({});

/** Small deterministic PRNG (mulberry32), so a failing case can be reproduced. */
export function prng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A canvas like a browser's: 200-400 px, the digit 5-12x larger than MNIST's, anywhere on it. */
export function randomCanvas(random: () => number, index: number): CanvasSpec {
  const size = [200, 280, 400][Math.floor(random() * 3)]!;
  const maxScale = Math.min(12, Math.floor(size / 28));
  const scale = 5 + random() * (maxScale - 5);
  const span = Math.ceil(28 * scale);
  return { size, scale, x: Math.floor(random() * (size - span)), y: Math.floor(random() * (size - span)), style: STYLES[index % 3]! };
}

export interface PipelineResult {
  total: number;
  correct: number;
  mistakes: Array<{ index: number; label: number; predicted: number; spec: CanvasSpec }>;
  msPerImage: number;
}

/** Renders MNIST test digits as canvas PNGs and classifies them through the server's own pipeline. */
export async function checkPipeline(set: MnistSet, classifier: Classifier, indices: number[], seed = 1): Promise<PipelineResult> {
  const random = prng(seed);
  const mistakes: PipelineResult["mistakes"] = [];
  let spent = 0;
  for (const [n, index] of indices.entries()) {
    const spec = randomCanvas(random, n);
    const png = await renderDigitPng(set, index, spec);
    const started = performance.now();
    const { digit } = await prepareImage(dataUrl(png), LIMITS);
    const [result] = await classifier.classifyBatch([digit.pixels]);
    spent += performance.now() - started;
    const label = set.labels[index]!;
    if (result!.digit !== label) mistakes.push({ index, label, predicted: result!.digit, spec });
  }
  return { total: indices.length, correct: indices.length - mistakes.length, mistakes, msPerImage: spent / indices.length };
}
