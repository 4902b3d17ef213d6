import type { Classification } from "./classifier.ts";
import type { ImageFormat } from "../domain/prediction.ts";
import type { ImageIntake } from "./image-intake.ts";
import type { InkSummary } from "./ink-summary.ts";
import type { MnistDigit } from "./preprocess.ts";
import type { ModelSource } from "./inference-pool.ts";

/** Where images become model inputs: inline (prepare-image.ts), or on worker threads (image-pool.ts). */
export interface ImagePreparer {
  /**
   * 28x28 digits for one client's images, in order. When one image is refused the call fails
   * with its ImageRejected (index set) at once, and the others still waiting are cancelled.
   */
  prepareAll(client: string, images: ImageIntake[]): Promise<MnistDigit[]>;
  /** Finishes the work already accepted, then stops. */
  close(): Promise<void>;
}

export interface Recognition {
  bytes: Uint8Array;
  format: ImageFormat;
  result: Classification;
  ink: InkSummary;
  /** The model version that read it. */
  modelVersion: string;
}

/**
 * Prepares and classifies one client's images, all with the same model version: the one served
 * when the images are ready (a switch to another version never splits a call).
 */
export async function recognizeAll(preparer: ImagePreparer, models: ModelSource, client: string, images: ImageIntake[]): Promise<Recognition[]> {
  const digits = await preparer.prepareAll(client, images);
  const model = models.current();
  const results = await Promise.all(digits.map((digit) => model.classify(digit.pixels)));
  return images.map((image, i) => ({ bytes: image.bytes, format: image.header.format, result: results[i]!, ink: digits[i]!.ink, modelVersion: model.version }));
}
