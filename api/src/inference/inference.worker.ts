/**
 * ONNX sessions on their own thread (piscina: one thread, many concurrent tasks). A native
 * session.run blocks the thread it runs on; here that is never the event loop. Tasks that arrive
 * while a run is busy go into the next run together (Classifier's dynamic batching). Several
 * model versions may be loaded at once while one replaces another.
 */
import { Classifier, type Classification } from "./classifier.ts";
import type { ModelCard } from "./model-card.ts";

export type InferenceTask =
  | { kind: "load"; version: string; card: ModelCard; onnx: Uint8Array; runBatch: number }
  | { kind: "classify"; version: string; input: Float32Array }
  | { kind: "unload"; version: string };

const models = new Map<string, Promise<Classifier>>();

export default async function infer(task: InferenceTask): Promise<Classification | null> {
  switch (task.kind) {
    case "load": {
      if (!models.has(task.version)) {
        const loading = Classifier.fromBytes(task.onnx, task.card, { maxBatch: task.runBatch });
        models.set(task.version, loading);
        loading.catch(() => models.delete(task.version));
      }
      await models.get(task.version);
      return null;
    }
    case "classify": {
      const model = models.get(task.version);
      if (!model) throw new Error(`model ${task.version} is not loaded on the inference thread`);
      return (await model).classify(task.input);
    }
    case "unload": {
      const model = models.get(task.version);
      models.delete(task.version);
      if (model) await (await model).close();
      return null;
    }
  }
}
