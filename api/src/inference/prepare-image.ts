import { decodeImage } from "./decode-image.ts";
import type { ImageHeader } from "./image-header.ts";
import { takeImage, type ImageLimits } from "./image-intake.ts";
import { normalise, toMnistDigit } from "./preprocess.ts";
import { withIndex, type ImagePreparer } from "./recognizer.ts";

/*
 * The image work itself, apart from recognizer.ts: it pulls in jimp, which only the worker threads
 * need (loading it on the main thread slows every start).
 */

/** Checked bytes -> pixels -> normalised 28x28 model input; throws ApiErrors for bad input. */
export async function modelInput(bytes: Uint8Array, header: ImageHeader): Promise<Float32Array> {
  return normalise(toMnistDigit(await decodeImage(bytes, header)));
}

/** data URL / base64 -> model input, all on the calling thread (scripts, checks). */
export async function prepareImage(image: string, limits: ImageLimits): Promise<{ bytes: Uint8Array; input: Float32Array }> {
  const { bytes, header } = takeImage(image, limits);
  return { bytes, input: await modelInput(bytes, header) };
}

/**
 * Prepares images on the calling thread, one after another (PREPROCESS_THREADS=0). Without
 * worker threads there is no time budget: a slow image blocks the server, so this is for
 * debugging, not for production.
 */
export function inlinePreparer(): ImagePreparer {
  return {
    async prepareAll(_client, images) {
      const inputs: Float32Array[] = [];
      for (const [index, image] of images.entries()) inputs.push(await modelInput(image.bytes, image.header).catch(withIndex(index)));
      return inputs;
    },
    close: async () => {},
  };
}
