import { grayPng } from "../../api/src/lib/gray-png.ts";

/*
 * Real PNG files built in a few lines, for tests that need a valid image but no decoder: building
 * them with jimp would load it (most of a second) into every such test file.
 */

export { PNG_SIGNATURE, pngChunk } from "../../api/src/lib/gray-png.ts";

/** An 8-bit greyscale PNG, `grey(x, y)` 0..255 per pixel (white by default). */
export const greyPng = (width: number, height: number, grey: (x: number, y: number) => number = () => 255): Buffer => grayPng(width, height, grey);
