import png from "@jimp/js-png";
import { Jimp } from "jimp";
import { ImageRejected } from "./image-rejected.ts";
import type { ImageHeader } from "./image-header.ts";
import { checkJpegLayout, checkPngInflatesWithinHeader, checkPngLayout } from "./image-structure.ts";

/** Straight RGBA pixels, 4 bytes per pixel, row by row. */
export interface Bitmap {
  width: number;
  height: number;
  data: Uint8Array;
}

/**
 * Checks the whole structure against the header (see image-structure.ts), then decodes; every
 * decoder failure is INVALID_IMAGE. Runs on an image worker thread, under its time and memory budget.
 */
export async function decodeImage(bytes: Uint8Array, header: ImageHeader): Promise<Bitmap> {
  const layout = header.format === "png" ? checkPngLayout(bytes) : checkJpegLayout(bytes);
  if (layout.width !== header.width || layout.height !== header.height) {
    throw new ImageRejected("INVALID_IMAGE", "The image is malformed: its size differs from its header");
  }
  // pngjs inflates a non-interlaced image with its output capped at the size its IHDR declares,
  // and the layout check made that IHDR the only one: only interlaced data needs capping here.
  if ("inflatedBytes" in layout && layout.interlaced) checkPngInflatesWithinHeader(layout);
  try {
    const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const { width, height, data } = header.format === "png" ? pngCodec.decode(buffer) : await decodeJpeg(buffer, header);
    if (width !== header.width || height !== header.height) throw new Error("size differs from header");
    return { width, height, data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
  } catch {
    throw new ImageRejected("INVALID_IMAGE", "The image could not be decoded (corrupt or truncated?)");
  }
}

/*
 * Jimp's own PNG codec, called directly: the header check already knows the format, and
 * Jimp.fromBuffer would sniff it again and parse the file for a JPEG's EXIF orientation, which it
 * never finds in a PNG. Both would run on every drawing the canvas sends.
 */
const pngCodec = png();

async function decodeJpeg(buffer: Buffer, header: ImageHeader): Promise<{ width: number; height: number; data: Buffer }> {
  const megapixels = Math.ceil((header.width * header.height) / 1e6);
  const image = await Jimp.fromBuffer(buffer, {
    // The decoder's own guards, set to this image's checked size.
    "image/jpeg": { maxResolutionInMP: megapixels, maxMemoryUsageInMB: 64 + megapixels * 24 },
  });
  // Through Jimp.fromBuffer, which turns the image upright by its EXIF orientation, as photos need.
  return image.bitmap;
}
