import { Piscina } from "piscina";
import type { Classification } from "./classifier.ts";
import type { InferenceTask } from "./inference-worker.ts";
import { readModelCard, type ModelCard } from "./model-card.ts";
import { INPUT_SIDE } from "./preprocess.ts";

/** What the server needs of a model: its card, and classifications. */
export interface DigitClassifier {
  readonly card: ModelCard;
  classify(input: Float32Array): Promise<Classification>;
  close(): Promise<void>;
}

const workerUrl = new URL(import.meta.url.endsWith(".ts") ? "./inference-worker.ts" : "./inference-worker.js", import.meta.url);

/** The classifier on a dedicated worker thread; loads, checks and warms the session before returning. */
export async function startInferenceThread(modelDir: string, maxBatch: number): Promise<DigitClassifier> {
  const card = await readModelCard(modelDir);
  const pool = new Piscina<InferenceTask, Classification>({
    filename: workerUrl.href,
    minThreads: 1,
    maxThreads: 1,
    // Many tasks in flight on the one thread, so that they can be batched there.
    concurrentTasksPerWorker: maxBatch * 4,
    // Under tsx (dev, tests) the worker is TypeScript too and needs the same loader.
    execArgv: workerUrl.pathname.endsWith(".ts") ? ["--import", "tsx"] : [],
    idleTimeout: Infinity,
  });
  const classify = (input: Float32Array) => pool.run({ modelDir, maxBatch, input });
  await classify(new Float32Array(INPUT_SIDE * INPUT_SIDE));
  return { card, classify, close: () => pool.destroy() };
}
