import { loadConfig } from "../../api/src/config.ts";
import { availableParallelism } from "node:os";
import type { Classifier } from "../../api/src/inference/classifier.ts";
import { workerPreparer } from "../../api/src/inference/image-workers.ts";
import { prepareImage } from "../../api/src/inference/recognizer.ts";

/** The server's default image limits (PNG size and side). */
const LIMITS = loadConfig({});

export interface PerImageCosts {
  preprocessMs: number;
  inferenceBatch1Ms: number;
  inferenceBatch32PerImageMs: number;
}

/** Per-image costs on one thread: decode + preprocess, and the CNN at batch 1 and 32. */
export async function perImageCosts(classifier: Classifier, images: string[], rounds: number): Promise<PerImageCosts> {
  const inputs: Float32Array[] = [];
  let started = performance.now();
  for (let i = 0; i < rounds; i++) inputs.push((await prepareImage(images[i % images.length]!, LIMITS)).input);
  const preprocessMs = (performance.now() - started) / rounds;
  started = performance.now();
  for (let i = 0; i < rounds; i++) await classifier.classifyBatch([inputs[i]!]);
  const inferenceBatch1Ms = (performance.now() - started) / rounds;
  const batch = Array.from({ length: 32 }, (_, i) => inputs[i % inputs.length]!);
  const batches = Math.max(2, Math.round(rounds / 32));
  started = performance.now();
  for (let i = 0; i < batches; i++) await classifier.classifyBatch(batch);
  return { preprocessMs, inferenceBatch1Ms, inferenceBatch32PerImageMs: (performance.now() - started) / (batches * 32) };
}

/**
 * The machine's limit for this work: images/s of decode + preprocess (on one worker thread per
 * core) + inference (dynamic batching), with no HTTP, GraphQL or database, `inFlight` at a time.
 */
export async function pipelineLimit(classifier: Classifier, images: string[], seconds: number, inFlight = 64): Promise<{ imagesPerSecond: number; threads: number }> {
  const threads = availableParallelism();
  const preparer = workerPreparer(LIMITS, threads);
  // Warm the workers so thread start-up is not measured.
  await Promise.all(Array.from({ length: threads * 2 }, (_, i) => preparer.prepare(images[i % images.length]!)));
  let done = 0;
  let next = 0;
  const deadline = performance.now() + seconds * 1000;
  const started = performance.now();
  const lane = async () => {
    while (performance.now() < deadline) {
      const { input } = await preparer.prepare(images[next++ % images.length]!);
      await classifier.classify(input);
      done++;
    }
  };
  await Promise.all(Array.from({ length: inFlight }, lane));
  const elapsed = (performance.now() - started) / 1000;
  await preparer.close();
  return { imagesPerSecond: done / elapsed, threads };
}
