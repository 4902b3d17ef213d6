import { inflateSync } from "node:zlib";
import { ImageRejected } from "./image-rejected.ts";

/*
 * Untrusted images are checked as a whole before any decoder sees them, so that what the decoder
 * does is bounded by the header we checked: one header, chunks and markers in their legal order,
 * and (for PNG) no more decompressed bytes than that header promises. A decoder obeys the bytes
 * it reads, not the header a size check read first.
 */

const invalid = (reason: string) => new ImageRejected("INVALID_IMAGE", `The image is malformed: ${reason}`);

/** Far more than real files use (encoders split image data into 8-64 KB chunks); a flood of tiny chunks is not an image. */
const MAX_PNG_CHUNKS = 8192;
/** Markers besides scans: tables, metadata, restart intervals. */
const MAX_JPEG_MARKERS = 1024;

// ---- PNG -----------------------------------------------------------------------------------

/** Allowed bit depths per colour type (PNG spec, table 11.1), and the channels of each. */
const PNG_COLOUR_TYPES = new Map<number, { depths: number[]; channels: number }>([
  [0, { depths: [1, 2, 4, 8, 16], channels: 1 }], // greyscale
  [2, { depths: [8, 16], channels: 3 }], // RGB
  [3, { depths: [1, 2, 4, 8], channels: 1 }], // palette
  [4, { depths: [8, 16], channels: 2 }], // greyscale + alpha
  [6, { depths: [8, 16], channels: 4 }], // RGBA
]);

/** Adam7 passes: x start, y start, x step, y step. */
const ADAM7 = [
  [0, 0, 8, 8], [4, 0, 8, 8], [0, 4, 4, 8], [2, 0, 4, 4], [0, 2, 2, 4], [1, 0, 2, 2], [0, 1, 1, 2],
] as const;

export interface PngLayout {
  width: number;
  height: number;
  interlaced: boolean;
  /** Exactly how many bytes the image data inflates to: filter bytes plus packed rows. */
  inflatedBytes: number;
  /** The IDAT chunks' data, in order. */
  idat: Uint8Array[];
}

/** Bytes of filtered scanlines for a width x height image (or one interlace pass). */
function scanlineBytes(width: number, height: number, bitsPerPixel: number): number {
  if (width === 0 || height === 0) return 0;
  return height * (1 + Math.ceil((width * bitsPerPixel) / 8));
}

function inflatedSize(width: number, height: number, bitsPerPixel: number, interlaced: boolean): number {
  if (!interlaced) return scanlineBytes(width, height, bitsPerPixel);
  let total = 0;
  for (const [x0, y0, dx, dy] of ADAM7) {
    total += scanlineBytes(Math.ceil(Math.max(0, width - x0) / dx), Math.ceil(Math.max(0, height - y0) / dy), bitsPerPixel);
  }
  return total;
}

/**
 * Walks a PNG's chunks: IHDR first and only once, a legal colour type and depth, PLTE (when
 * present) once and before the image data, the IDAT chunks together, IEND last, every length
 * inside the file. Returns what bounds the decoding.
 */
export function checkPngLayout(bytes: Uint8Array): PngLayout {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const type = (at: number) => String.fromCharCode(bytes[at]!, bytes[at + 1]!, bytes[at + 2]!, bytes[at + 3]!);
  let offset = 8; // after the signature
  let header: Omit<PngLayout, "idat" | "inflatedBytes"> & { bitsPerPixel: number } | null = null;
  let palette = false;
  let idatState: "none" | "open" | "closed" = "none";
  const idat: Uint8Array[] = [];
  let ended = false;
  for (let segments = 0; offset < bytes.length; segments++) {
    if (ended) throw invalid("data after IEND");
    if (segments >= MAX_PNG_CHUNKS) throw invalid(`more than ${MAX_PNG_CHUNKS} chunks`);
    if (offset + 12 > bytes.length) throw invalid("truncated chunk");
    const length = view.getUint32(offset);
    const name = type(offset + 4);
    const data = offset + 8;
    if (length > bytes.length - data - 4) throw invalid(`chunk ${JSON.stringify(name)} runs past the end of the file`);
    if (!/^[A-Za-z]{4}$/.test(name)) throw invalid("a chunk has no valid name");
    if (header === null && name !== "IHDR") throw invalid("the first chunk is not IHDR");
    if (idatState === "open" && name !== "IDAT") idatState = "closed";
    switch (name) {
      case "IHDR": {
        if (header !== null) throw invalid("more than one IHDR");
        if (length !== 13) throw invalid("IHDR has the wrong length");
        const width = view.getUint32(data);
        const height = view.getUint32(data + 4);
        const depth = bytes[data + 8]!;
        const colour = PNG_COLOUR_TYPES.get(bytes[data + 9]!);
        if (!colour || !colour.depths.includes(depth)) throw invalid("unsupported colour type or bit depth");
        if (bytes[data + 10] !== 0 || bytes[data + 11] !== 0) throw invalid("unknown compression or filter method");
        const interlace = bytes[data + 12]!;
        if (interlace > 1) throw invalid("unknown interlace method");
        if (width === 0 || height === 0) throw invalid("zero width or height");
        header = { width, height, interlaced: interlace === 1, bitsPerPixel: depth * colour.channels };
        break;
      }
      case "PLTE":
        if (palette) throw invalid("more than one PLTE");
        if (idatState !== "none") throw invalid("PLTE after the image data");
        if (length === 0 || length % 3 !== 0 || length > 768) throw invalid("PLTE has a bad length");
        palette = true;
        break;
      case "IDAT":
        if (idatState === "closed") throw invalid("IDAT chunks are not consecutive");
        idatState = "open";
        idat.push(bytes.subarray(data, data + length));
        break;
      case "IEND":
        ended = true;
        break;
      default:
        break; // ancillary chunks: decoders skip them
    }
    offset = data + length + 4; // data, then the CRC
  }
  if (!header) throw invalid("no IHDR");
  if (idat.length === 0) throw invalid("no image data");
  if (!ended) throw invalid("no IEND (truncated?)");
  const { bitsPerPixel, ...rest } = header;
  return { ...rest, idat, inflatedBytes: inflatedSize(header.width, header.height, bitsPerPixel, header.interlaced) };
}

/**
 * Inflates a PNG's image data with the output capped at what its header promises, so that a
 * small file cannot unpack into gigabytes. Decoders inflate again; this pass only proves the bound.
 */
export function checkPngInflatesWithinHeader(layout: PngLayout): void {
  let size: number;
  try {
    size = inflateSync(Buffer.concat(layout.idat), { maxOutputLength: layout.inflatedBytes }).length;
  } catch (error) {
    const tooBig = (error as { code?: string }).code === "ERR_BUFFER_TOO_LARGE";
    throw invalid(tooBig ? "the image data unpacks to more than its header declares" : "the image data is not valid zlib");
  }
  if (size !== layout.inflatedBytes) throw invalid("the image data is shorter than its header declares");
}

// ---- JPEG ----------------------------------------------------------------------------------

/**
 * JPEG policy: baseline and progressive Huffman JPEGs (what browsers, cameras and phones write),
 * one frame, greyscale or colour (1 or 3 components), at most MAX_JPEG_SCANS scans.
 * Arithmetic-coded, lossless and hierarchical JPEGs are refused (the decoder does not support
 * them), and a progressive file's cost grows with its scans: common encoders write at most ~10.
 */
export const MAX_JPEG_SCANS = 32;
const SOF_SUPPORTED = new Set([0xc0, 0xc1, 0xc2]);
const SOF_OTHER = new Set([0xc3, 0xc5, 0xc6, 0xc7, 0xc9, 0xca, 0xcb, 0xcd, 0xce, 0xcf]);
const SOS = 0xda;
const EOI = 0xd9;

export interface JpegLayout {
  width: number;
  height: number;
  scans: number;
}

/** Walks a JPEG's markers: one supported frame before the first scan, bounded scans, an end marker. */
export function checkJpegLayout(bytes: Uint8Array): JpegLayout {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let offset = 2; // after SOI
  let frame: { width: number; height: number } | null = null;
  let scans = 0;
  for (let segments = 0; ; segments++) {
    if (segments >= MAX_JPEG_MARKERS + MAX_JPEG_SCANS) throw invalid(`more than ${MAX_JPEG_MARKERS} markers`);
    while (offset < bytes.length && bytes[offset] === 0xff && bytes[offset + 1] === 0xff) offset++; // fill bytes
    if (offset + 2 > bytes.length) throw invalid("no end-of-image marker (truncated?)");
    if (bytes[offset] !== 0xff) throw invalid("expected a marker");
    const marker = bytes[offset + 1]!;
    if (marker === EOI) break;
    if (offset + 4 > bytes.length) throw invalid("truncated marker");
    const length = view.getUint16(offset + 2);
    const data = offset + 4;
    if (length < 2 || data + length - 2 > bytes.length) throw invalid("a marker segment runs past the end of the file");
    if (SOF_OTHER.has(marker)) throw invalid("arithmetic-coded, lossless and hierarchical JPEGs are not supported");
    if (SOF_SUPPORTED.has(marker)) {
      if (frame) throw invalid("more than one frame header");
      if (length < 8) throw invalid("frame header too short");
      const components = bytes[data + 5]!;
      if (components !== 1 && components !== 3) throw invalid("only greyscale or colour JPEGs (1 or 3 components) are supported");
      if (length !== 8 + components * 3) throw invalid("frame header has the wrong length");
      frame = { height: view.getUint16(data + 1), width: view.getUint16(data + 3) };
      if (frame.width === 0 || frame.height === 0) throw invalid("zero width or height");
    }
    offset = data + length - 2;
    if (marker === SOS) {
      if (!frame) throw invalid("a scan before the frame header");
      if (++scans > MAX_JPEG_SCANS) throw invalid(`more than ${MAX_JPEG_SCANS} scans`);
      offset = endOfEntropyData(bytes, offset);
    }
  }
  if (!frame || scans === 0) throw invalid("no frame or no scan");
  return { ...frame, scans };
}

/** Skips entropy-coded data: it ends at the first 0xFF that is neither stuffing (0x00) nor a restart marker. */
function endOfEntropyData(bytes: Uint8Array, offset: number): number {
  let at = bytes.indexOf(0xff, offset);
  while (at !== -1 && at + 1 < bytes.length) {
    const next = bytes[at + 1]!;
    if (next !== 0x00 && next !== 0xff && (next < 0xd0 || next > 0xd7)) return at;
    at = bytes.indexOf(0xff, at + 1);
  }
  return bytes.length;
}
