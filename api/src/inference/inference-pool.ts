import { Piscina } from "piscina";
import type { Classification } from "./classifier.ts";
import type { InferenceTask } from "./inference.worker.ts";
import { inputShape, readModelCard, type ModelCard } from "./model-card.ts";

/** Most inputs in one ONNX run; the queue on the inference thread batches up to this many. */
const RUN_BATCH = 64;

/** What the server needs of a model: its card, and classifications. */
export interface DigitClassifier {
  readonly card: ModelCard;
  classify(input: Float32Array): Promise<Classification>;
  close(): Promise<void>;
}

/** The classifier on a dedicated worker thread; loads, checks and warms the session before returning. */
export async function startInferencePool(modelDir: string): Promise<DigitClassifier> {
  const card = await readModelCard(modelDir);
  // Under tsx (dev, tests) the worker is TypeScript too and needs the same loader; built, it is plain .js.
  const typescript = import.meta.url.endsWith(".ts");
  const pool = new Piscina<InferenceTask, Classification>({
    filename: new URL(`./inference.worker.${typescript ? "ts" : "js"}`, import.meta.url).href,
    execArgv: typescript ? ["--import", "tsx"] : [],
    // One thread with many tasks in flight, so that they can be batched there.
    minThreads: 1,
    maxThreads: 1,
    concurrentTasksPerWorker: RUN_BATCH * 4,
    idleTimeout: Infinity,
  });
  const classify = (input: Float32Array) => pool.run({ modelDir, runBatch: RUN_BATCH, input });
  // Loads the session in the worker and runs it once (the first run allocates and plans), so that
  // no one's first drawing pays for it.
  await classify(new Float32Array(inputShape(card).reduce((a, b) => a * b, 1)));
  return { card, classify, close: () => pool.destroy() };
}
