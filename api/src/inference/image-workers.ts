import { availableParallelism } from "node:os";
import { ApiError, type ErrorCode } from "../errors.ts";
import type { ImageLimits } from "./decode-image.ts";
import type { PrepareOutcome, PrepareTask } from "./image-worker.ts";
import type { ImagePreparer } from "./recognizer.ts";
import { workerPool } from "./worker-pool.ts";

/** Prepares images on a pool of worker threads, one per core by default. */
export function workerPreparer(limits: ImageLimits, threads = availableParallelism()): ImagePreparer {
  // Eight tasks per worker: each worker keeps a queue of its own, so it never waits for a busy
  // main thread to hand it the next image, and results come back in bursts that batch well
  // downstream (the CNN, the insert). Measured at concurrency 32: 2 -> 8 raised predictDigit
  // by ~25 % here; the limit rig, which shares this code, gained ~5 %; 16 was no better.
  const pool = workerPool<PrepareTask, PrepareOutcome>(import.meta.url, "image-worker", threads, 8);
  return {
    async prepare(image) {
      const outcome = await pool.run({ image, limits });
      if (!outcome.ok) throw new ApiError(outcome.code as ErrorCode, outcome.message);
      return { bytes: outcome.bytes, input: outcome.input };
    },
    close: () => pool.destroy(),
  };
}
