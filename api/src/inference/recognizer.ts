import type { Classification } from "./classifier.ts";
import { decodeImage, parseImageString, type ImageLimits } from "./decode-image.ts";
import type { DigitClassifier } from "./inference-thread.ts";
import { normalise, toMnistDigit } from "./preprocess.ts";

/** A drawing as received plus the model input made from it. */
export interface PreparedImage {
  bytes: Uint8Array;
  input: Float32Array;
}

/** data URL / base64 -> bytes -> pixels -> normalised 28x28 input; throws ApiErrors for bad input. */
export async function prepareImage(image: string, limits: ImageLimits): Promise<PreparedImage> {
  const bytes = parseImageString(image, limits);
  const bitmap = await decodeImage(bytes, limits);
  return { bytes, input: normalise(toMnistDigit(bitmap)) };
}

/** Where images are prepared: inline here, or on a pool of worker threads (image-workers.ts). */
export interface ImagePreparer {
  prepare(image: string): Promise<PreparedImage>;
  close(): Promise<void>;
}

export function inlinePreparer(limits: ImageLimits): ImagePreparer {
  return { prepare: (image) => prepareImage(image, limits), close: async () => {} };
}

export interface Recognition {
  bytes: Uint8Array;
  result: Classification;
}

/** Prepares and classifies one image. */
export async function recognize(preparer: ImagePreparer, classifier: Pick<DigitClassifier, "classify">, image: string): Promise<Recognition> {
  const { bytes, input } = await preparer.prepare(image);
  return { bytes, result: await classifier.classify(input) };
}
