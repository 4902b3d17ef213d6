import { availableParallelism } from "node:os";
import { Piscina } from "piscina";
import { ApiError, type ErrorCode } from "../errors.ts";
import type { ImageLimits } from "./decode-image.ts";
import type { PrepareOutcome, PrepareTask } from "./image-worker.ts";
import type { ImagePreparer } from "./recognizer.ts";

const workerUrl = new URL(import.meta.url.endsWith(".ts") ? "./image-worker.ts" : "./image-worker.js", import.meta.url);

/** Prepares images on a pool of worker threads, one per core by default. */
export function workerPreparer(limits: ImageLimits, threads = availableParallelism()): ImagePreparer {
  const pool = new Piscina<PrepareTask, PrepareOutcome>({
    filename: workerUrl.href,
    minThreads: threads,
    maxThreads: threads,
    // Under tsx (dev, tests) the worker is TypeScript too and needs the same loader.
    execArgv: workerUrl.pathname.endsWith(".ts") ? ["--import", "tsx"] : [],
    idleTimeout: Infinity,
  });
  return {
    async prepare(image) {
      const outcome = await pool.run({ image, limits });
      if (!outcome.ok) throw new ApiError(outcome.code as ErrorCode, outcome.message);
      return { bytes: outcome.bytes, input: outcome.input };
    },
    close: () => pool.destroy(),
  };
}
