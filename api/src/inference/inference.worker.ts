/**
 * The ONNX session on its own thread (piscina: one thread, many concurrent tasks). A native
 * session.run blocks the thread it runs on; here that is never the event loop. Tasks that arrive
 * while a run is busy go into the next run together (Classifier's dynamic batching).
 */
import { Classifier, type Classification } from "./classifier.ts";

export interface InferenceTask {
  modelDir: string;
  /** Most inputs in one session run. */
  runBatch: number;
  input: Float32Array;
}

let classifier: Promise<Classifier> | undefined;

export default async function infer({ modelDir, runBatch, input }: InferenceTask): Promise<Classification> {
  classifier ??= Classifier.load(modelDir, { maxBatch: runBatch });
  return (await classifier).classify(input);
}
