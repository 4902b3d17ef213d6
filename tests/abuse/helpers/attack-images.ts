import { deflateSync, createDeflate } from "node:zlib";
import { PNG_SIGNATURE, pngChunk } from "../../helpers/png.ts";

/*
 * Crafted images for the abuse suite: each is small on the wire and would cost seconds of CPU
 * or gigabytes of memory if a decoder obeyed it.
 */

export { pngChunk };

export interface IhdrSpec {
  width: number;
  height: number;
  depth?: number;
  colourType?: number;
  interlace?: 0 | 1;
}

export function ihdr({ width, height, depth = 8, colourType = 0, interlace = 0 }: IhdrSpec): Buffer {
  const data = Buffer.alloc(13);
  data.writeUInt32BE(width, 0);
  data.writeUInt32BE(height, 4);
  data.set([depth, colourType, 0, 0, interlace], 8);
  return pngChunk("IHDR", data);
}

export const png = (...chunks: Buffer[]) => Buffer.concat([PNG_SIGNATURE, ...chunks, pngChunk("IEND")]);

/** zlib data that inflates to `megabytes` MB of zeros (about 1 KB on the wire per MB). */
export async function zlibBomb(megabytes: number): Promise<Buffer> {
  const deflate = createDeflate({ level: 9 });
  const out: Buffer[] = [];
  deflate.on("data", (chunk: Buffer) => out.push(chunk));
  const done = new Promise((resolve) => deflate.on("end", resolve));
  const block = Buffer.alloc(1024 * 1024);
  for (let i = 0; i < megabytes; i++) {
    if (!deflate.write(block)) await new Promise((resolve) => deflate.once("drain", resolve));
  }
  deflate.end();
  await done;
  return Buffer.concat(out);
}

/** A PNG whose small header hides `megabytes` of image data, split into IDAT chunks of `chunkBytes`. */
export async function pngBombBehindSmallHeader(spec: IhdrSpec, megabytes: number, chunkBytes = 65536): Promise<Buffer> {
  const data = await zlibBomb(megabytes);
  const idat: Buffer[] = [];
  for (let at = 0; at < data.length; at += chunkBytes) idat.push(pngChunk("IDAT", data.subarray(at, at + chunkBytes)));
  return png(ihdr(spec), ...idat);
}

/** A tiny PNG with a second IHDR: a size check reads the first header, a decoder may obey the last. */
export function pngWithSecondHeader(first: IhdrSpec, second: IhdrSpec): Buffer {
  return png(ihdr(first), ihdr(second), pngChunk("IDAT", deflateSync(Buffer.alloc(64))));
}

/** A genuine blank PNG (every pixel white), cheap to send and costly to decode when large and 16-bit. */
export function blankPng(width: number, height: number, depth = 16, colourType = 0): Buffer {
  const channels = { 0: 1, 2: 3, 4: 2, 6: 4 }[colourType as 0 | 2 | 4 | 6];
  const rowBytes = 1 + (width * channels * depth) / 8;
  const raw = Buffer.alloc(rowBytes * height, 0xff);
  for (let y = 0; y < height; y++) raw[y * rowBytes] = 0; // filter: none
  return png(ihdr({ width, height, depth, colourType }), pngChunk("IDAT", deflateSync(raw, { level: 9 })));
}

/** JPEG marker segment. */
function segment(marker: number, data: Buffer): Buffer {
  const head = Buffer.from([0xff, marker, 0, 0]);
  head.writeUInt16BE(data.length + 2, 2);
  return Buffer.concat([head, data]);
}

export interface JpegSpec {
  width: number;
  height: number;
  /** Start-of-frame marker: 0xc0 baseline, 0xc2 progressive, 0xc3 lossless... */
  sof?: number;
  components?: number;
  scans: number;
  /** Frame headers to write (a second one may declare another size). */
  extraFrame?: { width: number; height: number };
}

/** A JPEG made of many tiny scans: each scan makes a progressive decoder walk the whole image again. */
export function jpegWithScans({ width, height, sof = 0xc2, components = 1, scans, extraFrame }: JpegSpec): Buffer {
  const quant = segment(0xdb, Buffer.concat([Buffer.from([0]), Buffer.alloc(64, 1)]));
  const frame = (w: number, h: number) => {
    const data = Buffer.alloc(6 + components * 3);
    data[0] = 8;
    data.writeUInt16BE(h, 1);
    data.writeUInt16BE(w, 3);
    data[5] = components;
    for (let c = 0; c < components; c++) data.set([c + 1, 0x11, 0], 6 + c * 3);
    return segment(sof, data);
  };
  // One DC table with a single 1-bit code.
  const huffman = segment(0xc4, Buffer.concat([Buffer.from([0x00, 1]), Buffer.alloc(15), Buffer.from([0])]));
  const scan = segment(0xda, Buffer.from([1, 1, 0x00, 0, 0, 0]));
  const entropy = Buffer.from([0x00, 0x00]);
  const parts = [Buffer.from([0xff, 0xd8]), quant, frame(width, height)];
  if (extraFrame) parts.push(frame(extraFrame.width, extraFrame.height));
  parts.push(huffman);
  for (let i = 0; i < scans; i++) parts.push(scan, entropy);
  parts.push(Buffer.from([0xff, 0xd9]));
  return Buffer.concat(parts);
}

export const asDataUrl = (bytes: Buffer, type = "png") => `data:image/${type};base64,${bytes.toString("base64")}`;
