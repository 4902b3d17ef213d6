import { decodeImage, parseImageString, type ImageLimits } from "./decode-image.ts";
import { normalise, toMnistDigit } from "./preprocess.ts";
import type { ImagePreparer, PreparedImage } from "./recognizer.ts";

/*
 * The image work itself, apart from recognizer.ts: it pulls in jimp, which only the worker threads
 * need (loading it on the main thread cost ~0.2 s of every start).
 */

/** data URL / base64 -> bytes -> pixels -> normalised 28x28 input; throws ApiErrors for bad input. */
export async function prepareImage(image: string, limits: ImageLimits): Promise<PreparedImage> {
  const bytes = parseImageString(image, limits);
  const bitmap = await decodeImage(bytes, limits);
  return { bytes, input: normalise(toMnistDigit(bitmap)) };
}

/** Prepares images on the calling thread (PREPROCESS_THREADS=0). */
export function inlinePreparer(limits: ImageLimits): ImagePreparer {
  return { prepare: (image) => prepareImage(image, limits), close: async () => {} };
}
