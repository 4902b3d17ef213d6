import type { Classification } from "./classifier.ts";
import type { InferenceTask } from "./inference-worker.ts";
import { readModelCard, type ModelCard } from "./model-card.ts";
import { INPUT_SIDE } from "./preprocess.ts";
import { workerPool } from "./worker-pool.ts";

/** What the server needs of a model: its card, and classifications. */
export interface DigitClassifier {
  readonly card: ModelCard;
  classify(input: Float32Array): Promise<Classification>;
  close(): Promise<void>;
}

/** The classifier on a dedicated worker thread; loads, checks and warms the session before returning. */
export async function startInferenceThread(modelDir: string, maxBatch: number): Promise<DigitClassifier> {
  const card = await readModelCard(modelDir);
  // One thread with many tasks in flight, so that they can be batched there.
  const pool = workerPool<InferenceTask, Classification>(import.meta.url, "inference-worker", 1, maxBatch * 4);
  const classify = (input: Float32Array) => pool.run({ modelDir, maxBatch, input });
  // Loads the session in the worker and runs it once (the first run allocates and plans), so that
  // no one's first drawing pays for it.
  await classify(new Float32Array(INPUT_SIDE * INPUT_SIDE));
  return { card, classify, close: () => pool.destroy() };
}
