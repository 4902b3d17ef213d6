import { decodeImage } from "./decode-image.ts";
import type { ImageHeader } from "./image-header.ts";
import { takeImage, type ImageLimits } from "./image-intake.ts";
import { toMnistDigit, type MnistDigit } from "./preprocess.ts";
import { rejectedAt } from "./image-rejected.ts";
import type { ImagePreparer } from "./recognizer.ts";

/*
 * The image work itself, apart from recognizer.ts: it pulls in jimp, which only the worker threads
 * need (loading it on the main thread slows every start).
 */

/** Checked bytes -> pixels -> the 28x28 MNIST-style digit (ink 0..1); throws ImageRejected for bad input. */
export async function imageToDigit(bytes: Uint8Array, header: ImageHeader): Promise<MnistDigit> {
  return toMnistDigit(await decodeImage(bytes, header));
}

/** data URL / base64 -> model input, all on the calling thread (scripts, checks). */
export async function prepareImage(image: string, limits: ImageLimits): Promise<{ bytes: Uint8Array; digit: MnistDigit }> {
  const { bytes, header } = takeImage(image, limits);
  return { bytes, digit: await imageToDigit(bytes, header) };
}

/**
 * Prepares images on the calling thread, one after another (PREPROCESS_THREADS=0). Without
 * worker threads there is no time budget: a slow image blocks the server, so this is for
 * debugging, not for production.
 */
export function inlinePreparer(): ImagePreparer {
  return {
    async prepareAll(_client, images) {
      const digits: MnistDigit[] = [];
      for (const [index, image] of images.entries()) digits.push(await imageToDigit(image.bytes, image.header).catch(rejectedAt(index)));
      return digits;
    },
    close: async () => {},
  };
}
