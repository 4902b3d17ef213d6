import { Jimp } from "jimp";
import type { MnistSet } from "./mnist.ts";

/** How a browser canvas may hold a drawing. */
export type InkStyle = "black-on-white" | "white-on-black" | "ink-on-transparent";

export interface CanvasSpec {
  /** Canvas side in px. */
  size: number;
  /** Upscale factor of the 28x28 digit. */
  scale: number;
  /** Top-left corner of the scaled digit on the canvas. */
  x: number;
  y: number;
  style: InkStyle;
}

/** Bilinear sample of the 28x28 digit at (u, v) in digit pixel coordinates. */
function sample(set: MnistSet, index: number, u: number, v: number): number {
  const base = index * 784;
  const x0 = Math.floor(u), y0 = Math.floor(v);
  const fx = u - x0, fy = v - y0;
  const at = (x: number, y: number) => (x < 0 || y < 0 || x > 27 || y > 27 ? 0 : set.images[base + y * 28 + x]!);
  return (at(x0, y0) * (1 - fx) + at(x0 + 1, y0) * fx) * (1 - fy) + (at(x0, y0 + 1) * (1 - fx) + at(x0 + 1, y0 + 1) * fx) * fy;
}

/** Renders an MNIST digit as a canvas PNG: scaled, placed, and inked in the given style. */
export async function renderDigitPng(set: MnistSet, index: number, spec: CanvasSpec): Promise<Buffer> {
  const ink = new Float64Array(spec.size * spec.size);
  for (let y = 0; y < spec.size; y++) {
    for (let x = 0; x < spec.size; x++) {
      ink[y * spec.size + x] = sample(set, index, (x - spec.x) / spec.scale - 0.5, (y - spec.y) / spec.scale - 0.5) / 255;
    }
  }
  return inkPng(ink, spec.size, spec.size, spec.style);
}

/** A PNG of `ink` (0..1 per pixel, row by row) as a canvas in `style` holds it. */
export async function inkPng(ink: ArrayLike<number>, width: number, height: number, style: InkStyle): Promise<Buffer> {
  const image = new Jimp({ width, height });
  const data = image.bitmap.data;
  for (let p = 0; p < width * height; p++) {
    const i = p * 4;
    const level = ink[p]!;
    if (style === "ink-on-transparent") {
      data[i] = data[i + 1] = data[i + 2] = 20;
      data[i + 3] = Math.round(level * 255);
    } else {
      const grey = style === "black-on-white" ? 255 * (1 - level) : 255 * level;
      data[i] = data[i + 1] = data[i + 2] = Math.round(grey);
      data[i + 3] = 255;
    }
  }
  return image.getBuffer("image/png");
}
