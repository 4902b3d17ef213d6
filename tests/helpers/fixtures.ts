import { Jimp } from "jimp";

// Drawings from MNIST's test set: shared with the bench, which lives in scripts/lib.
export { canvasOf, canvasOfDigit, dataUrl, indicesByDigit, mnistTest } from "../../scripts/lib/canvases.ts";

/** A canvas with nothing drawn on it. */
export async function blankCanvas(color = 0xffffffff): Promise<Buffer> {
  return new Jimp({ width: 280, height: 280, color }).getBuffer("image/png");
}

/** A tiny valid PNG whose header claims a huge size: decoding it would take GBs and seconds. */
export function pngBomb(width = 20000, height = 20000): Buffer {
  const header = Buffer.alloc(33);
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(header, 0);
  header.writeUInt32BE(13, 8);
  header.write("IHDR", 12, "latin1");
  header.writeUInt32BE(width, 16);
  header.writeUInt32BE(height, 20);
  header.set([8, 0, 0, 0, 0], 24); // 8-bit greyscale
  return Buffer.concat([header, Buffer.from("0000000c49444154789c63000100000500010000000049454e44ae426082", "hex")]);
}
