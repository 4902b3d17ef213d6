import { ApiError } from "../errors.ts";
import type { Classification } from "./classifier.ts";
import type { ImageIntake } from "./image-intake.ts";
import type { DigitClassifier } from "./inference-thread.ts";

/** Where images become model inputs: inline (prepare-image.ts), or on worker threads (image-pool.ts). */
export interface ImagePreparer {
  /**
   * Model inputs for one client's images, in order. When one image is refused the call fails
   * with ImageRefused at once, and the others still waiting are cancelled.
   */
  prepareAll(client: string, images: ImageIntake[]): Promise<Float32Array[]>;
  /** Finishes the work already accepted, then stops. */
  close(): Promise<void>;
}

/** One image of a group was refused: which one, and the error to give its sender. */
export class ImageRefused extends Error {
  constructor(
    readonly index: number,
    readonly error: ApiError,
  ) {
    super(error.message);
  }
}

/** Marks an ApiError with the index of the image that caused it; other errors pass unchanged. */
export const withIndex =
  (index: number) =>
  (error: unknown): never => {
    throw error instanceof ApiError ? new ImageRefused(index, error) : error;
  };

export interface Recognition {
  bytes: Uint8Array;
  result: Classification;
}

/** Prepares and classifies one client's images. */
export async function recognizeAll(
  preparer: ImagePreparer,
  classifier: Pick<DigitClassifier, "classify">,
  client: string,
  images: ImageIntake[],
): Promise<Recognition[]> {
  const inputs = await preparer.prepareAll(client, images);
  const results = await Promise.all(inputs.map((input) => classifier.classify(input)));
  return images.map((image, i) => ({ bytes: image.bytes, result: results[i]! }));
}
