/**
 * Runs in a worker thread (piscina): decoding and preprocessing are pure JavaScript and would
 * otherwise block the event loop for ~8 ms per image.
 */
import { ApiError } from "../errors.ts";
import type { ImageLimits } from "./decode-image.ts";
import { prepareImage } from "./prepare-image.ts";

export interface PrepareTask {
  image: string;
  limits: ImageLimits;
}

export type PrepareOutcome =
  | { ok: true; bytes: Uint8Array; input: Float32Array }
  | { ok: false; code: string; message: string };

export default async function prepare({ image, limits }: PrepareTask): Promise<PrepareOutcome> {
  try {
    const { bytes, input } = await prepareImage(image, limits);
    return { ok: true, bytes, input };
  } catch (error) {
    // Errors cross the thread boundary as plain data; ApiErrors keep their code.
    if (error instanceof ApiError) return { ok: false, code: String(error.extensions.code), message: error.message };
    throw error;
  }
}
