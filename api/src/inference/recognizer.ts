import type { Classification } from "./classifier.ts";
import type { ImageIntake } from "./image-intake.ts";
import type { InkSummary } from "./ink-summary.ts";
import type { MnistDigit } from "./preprocess.ts";
import type { DigitClassifier } from "./inference-pool.ts";

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
  result: Classification;
  ink: InkSummary;
}

/** Prepares and classifies one client's images. */
export async function recognizeAll(
  preparer: ImagePreparer,
  classifier: Pick<DigitClassifier, "classify">,
  client: string,
  images: ImageIntake[],
): Promise<Recognition[]> {
  const digits = await preparer.prepareAll(client, images);
  const results = await Promise.all(digits.map((digit) => classifier.classify(digit.pixels)));
  return images.map((image, i) => ({ bytes: image.bytes, result: results[i]!, ink: digits[i]!.ink }));
}
