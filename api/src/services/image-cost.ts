import type { ImageHeader } from "../inference/image-header.ts";

/**
 * Decoding cost grows with pixels, not with bytes (a blank 2048x2048 PNG is a few KB). A canvas
 * drawing costs one rate-limit point, paid up front per image; each further quarter megapixel
 * costs one more, charged once the header has been read.
 */
const PIXELS_PER_EXTRA_POINT = 512 * 512;

export function extraImagePoints(header: ImageHeader): number {
  return Math.floor((header.width * header.height) / PIXELS_PER_EXTRA_POINT);
}
