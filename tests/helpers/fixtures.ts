import { Jimp } from "jimp";
import { loadMnist, type MnistSet } from "../../scripts/lib/mnist.ts";
import { renderDigitPng, type InkStyle } from "../../scripts/lib/render-canvas.ts";

let test: MnistSet | undefined;
export const mnistTest = () => (test ??= loadMnist("test"));

export const dataUrl = (png: Buffer) => `data:image/png;base64,${png.toString("base64")}`;

/** MNIST test digit `index` drawn on a 280x280 canvas, as a browser would send it. */
export async function canvasOfDigit(index: number, style: InkStyle = "black-on-white"): Promise<{ png: Buffer; label: number }> {
  const set = mnistTest();
  const png = await renderDigitPng(set, index, { size: 280, scale: 8, x: 28, y: 20, style });
  return { png, label: set.labels[index]! };
}

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

/** The first `n` test indices whose label is each digit 0..9 in turn. */
export function indicesByDigit(): number[] {
  const set = mnistTest();
  const found: number[] = [];
  for (let digit = 0; digit < 10; digit++) {
    for (let i = 0; i < set.count; i++) if (set.labels[i] === digit) { found.push(i); break; }
  }
  return found;
}
