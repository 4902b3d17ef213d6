import type { Classification } from "./classifier.ts";
import type { DigitClassifier } from "./inference-thread.ts";

/** A drawing as received plus the model input made from it. */
export interface PreparedImage {
  bytes: Uint8Array;
  input: Float32Array;
}

/** Where images are prepared: inline (prepare-image.ts), or on a pool of worker threads (image-workers.ts). */
export interface ImagePreparer {
  prepare(image: string): Promise<PreparedImage>;
  close(): Promise<void>;
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
