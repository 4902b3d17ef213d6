import { availableParallelism } from "node:os";
import { ApiError, type ErrorCode } from "../errors.ts";
import type { ImageLimits } from "./decode-image.ts";
import type { PrepareOutcome, PrepareTask } from "./image-worker.ts";
import type { ImagePreparer } from "./recognizer.ts";
import { workerPool } from "./worker-pool.ts";

/** Prepares images on a pool of worker threads, one per core by default. */
export function workerPreparer(limits: ImageLimits, threads = availableParallelism()): ImagePreparer {
  // Two tasks per worker: the next image already waits in the worker when one finishes, so a
  // worker never idles until a busy main thread hands it more (+4 % at concurrency 32).
  const pool = workerPool<PrepareTask, PrepareOutcome>(import.meta.url, "image-worker", threads, 2);
  return {
    async prepare(image) {
      const outcome = await pool.run({ image, limits });
      if (!outcome.ok) throw new ApiError(outcome.code as ErrorCode, outcome.message);
      return { bytes: outcome.bytes, input: outcome.input };
    },
    close: () => pool.destroy(),
  };
}
