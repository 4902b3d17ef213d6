import { Piscina } from "piscina";
import type { Classification } from "./classifier.ts";
import type { InferenceTask } from "./inference.worker.ts";
import { inputShape, type ModelCard } from "./model-card.ts";

/** Most inputs in one ONNX run; the queue on the inference thread batches up to this many. */
const RUN_BATCH = 64;
/**
 * How long a replaced model stays loaded: work that took it before the switch (a request is
 * bounded by the request timeout) finishes on it, so each prediction is made by one version.
 */
const RETIRED_MODEL_GRACE_MS = 120_000;

/** One loaded model version. */
export interface ServedModel {
  readonly version: string;
  readonly card: ModelCard;
  classify(input: Float32Array): Promise<Classification>;
}

/** Where new work finds the model to use: take it once per request and use it throughout. */
export interface ModelSource {
  current(): ServedModel;
}

/** The models on the inference thread: the one being served, and a way to switch to another. */
export interface ModelHost extends ModelSource {
  /**
   * Loads and warms a version (or keeps the loaded one), then makes it current; resolves once new
   * work uses it. The version it replaces stays loaded for a grace period, then is unloaded
   * unless it is being served again by then.
   */
  serve(card: ModelCard, onnx: Uint8Array): Promise<void>;
  close(): Promise<void>;
}

/** The inference thread, serving `first` (loaded, checked and warmed before this returns). */
export async function startModelHost(first: { card: ModelCard; onnx: Uint8Array }, { graceMs = RETIRED_MODEL_GRACE_MS } = {}): Promise<ModelHost> {
  // Under tsx (dev, tests) the worker is TypeScript too and needs the same loader; built, it is plain .js.
  const typescript = import.meta.url.endsWith(".ts");
  const pool = new Piscina<InferenceTask, Classification | null>({
    filename: new URL(`./inference.worker.${typescript ? "ts" : "js"}`, import.meta.url).href,
    execArgv: typescript ? ["--import", "tsx"] : [],
    // One thread with many tasks in flight, so that they can be batched there.
    minThreads: 1,
    maxThreads: 1,
    concurrentTasksPerWorker: RUN_BATCH * 4,
    idleTimeout: Infinity,
  });
  // Versions waiting to be unloaded; serving one again (a quick rollback) keeps it.
  const retiring = new Map<string, NodeJS.Timeout>();

  async function load(card: ModelCard, onnx: Uint8Array): Promise<ServedModel> {
    const { version } = card;
    await pool.run({ kind: "load", version, card, onnx, runBatch: RUN_BATCH });
    const model: ServedModel = { version, card, classify: async (input) => (await pool.run({ kind: "classify", version, input }))! };
    // The first run allocates and plans: no one's first drawing should pay for it.
    await model.classify(new Float32Array(inputShape(card).reduce((a, b) => a * b, 1)));
    return model;
  }

  let current = await load(first.card, first.onnx);
  // One switch at a time, in the order asked.
  let switching: Promise<void> = Promise.resolve();
  return {
    current: () => current,
    serve(card, onnx) {
      const next = switching.then(async () => {
        if (card.version === current.version) return;
        clearTimeout(retiring.get(card.version));
        retiring.delete(card.version);
        const previous = current.version;
        current = await load(card, onnx);
        const timer = setTimeout(() => {
          retiring.delete(previous);
          if (previous !== current.version) pool.run({ kind: "unload", version: previous }).catch(() => {});
        }, graceMs);
        timer.unref();
        retiring.set(previous, timer);
      });
      switching = next.catch(() => {});
      return next;
    },
    async close() {
      for (const timer of retiring.values()) clearTimeout(timer);
      await pool.destroy();
    },
  };
}
