import { ImageRejected } from "./image-rejected.ts";
import { readImageHeader, type ImageHeader } from "./image-header.ts";

/*
 * The first, cheap step for an untrusted image, where the request arrives: bytes out of the
 * string, format and declared size out of the header, limits applied. No decoder is loaded here,
 * so that the main thread starts without jimp.
 */

export interface ImageLimits {
  maxImageBytes: number;
  maxImageSide: number;
}

/** An image as received: its bytes and the size its header declares (checked against the limits). */
export interface ImageIntake {
  bytes: Uint8Array;
  header: ImageHeader;
}

/** Below this a drawing cannot hold a readable digit (MNIST's are 28x28): refuse it, don't guess. */
export const MIN_IMAGE_SIDE = 8;

const DATA_URL = /^data:image\/(png|jpeg|jpg);base64,/i;
const BASE64 = /^[A-Za-z0-9+/_-]*={0,2}$/;

/** Turns a data URL or bare base64 string into bytes, refusing oversized input before decoding. */
export function parseImageString(image: string, limits: ImageLimits): Buffer {
  const trimmed = image.trim();
  if (trimmed.startsWith("data:") && !DATA_URL.test(trimmed)) {
    throw new ImageRejected("INVALID_IMAGE", "Only PNG or JPEG data URLs (data:image/png;base64,...) are accepted");
  }
  const base64 = trimmed.replace(DATA_URL, "").replace(/\s+/g, "");
  // Four base64 characters carry three bytes: check the length before allocating anything.
  if (Math.floor((base64.length * 3) / 4) > limits.maxImageBytes + 3) {
    throw new ImageRejected("IMAGE_TOO_LARGE", `Images may be at most ${limits.maxImageBytes} bytes`);
  }
  if (base64.length === 0 || !BASE64.test(base64)) {
    throw new ImageRejected("INVALID_IMAGE", "The image is not valid base64 or a data URL");
  }
  const bytes = Buffer.from(base64, "base64");
  if (bytes.length > limits.maxImageBytes) {
    throw new ImageRejected("IMAGE_TOO_LARGE", `Images may be at most ${limits.maxImageBytes} bytes`);
  }
  return bytes;
}

/**
 * Bytes and declared size of an image, refused early when it is not a PNG/JPEG or its header
 * is out of bounds. Cheap (no decoding): runs where the request arrives, so that the work an
 * image will cost is known before it is queued.
 */
export function takeImage(image: string, limits: ImageLimits): ImageIntake {
  const bytes = parseImageString(image, limits);
  const header = readImageHeader(bytes);
  if (!header) throw new ImageRejected("INVALID_IMAGE", "The image is not a PNG or JPEG");
  if (header.width < MIN_IMAGE_SIDE || header.height < MIN_IMAGE_SIDE) {
    throw new ImageRejected(
      "INVALID_IMAGE",
      `Images must be at least ${MIN_IMAGE_SIDE}x${MIN_IMAGE_SIDE} px to hold a digit, this one is ${header.width}x${header.height}`,
    );
  }
  if (header.width > limits.maxImageSide || header.height > limits.maxImageSide) {
    throw new ImageRejected(
      "IMAGE_TOO_LARGE",
      `Images may be at most ${limits.maxImageSide}x${limits.maxImageSide} px, this one is ${header.width}x${header.height}`,
    );
  }
  return { bytes, header };
}
