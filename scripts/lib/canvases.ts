import { loadMnist, type MnistSet } from "./mnist.ts";
import { renderDigitPng, type InkStyle } from "./render-canvas.ts";

/*
 * Drawings as the app's canvas sends them, made from MNIST's test set: what the tests and the
 * bench send to the server.
 */

let test: MnistSet | undefined;
/** MNIST's test set, read once. */
export const mnistTest = () => (test ??= loadMnist("test"));

export const dataUrl = (png: Buffer) => `data:image/png;base64,${png.toString("base64")}`;

/** Digit `index` of an MNIST-shaped set drawn on a 280x280 canvas, as a browser would send it. */
export const canvasOf = (set: MnistSet, index: number, style: InkStyle = "black-on-white"): Promise<Buffer> =>
  renderDigitPng(set, index, { size: 280, scale: 8, x: 28, y: 20, style });

/** MNIST test digit `index` drawn on a 280x280 canvas, as a browser would send it. */
export async function canvasOfDigit(index: number, style: InkStyle = "black-on-white"): Promise<{ png: Buffer; label: number }> {
  const set = mnistTest();
  return { png: await canvasOf(set, index, style), label: set.labels[index]! };
}

/** The first test index of each digit 0..9, in order. */
export function indicesByDigit(): number[] {
  const set = mnistTest();
  const found: number[] = [];
  for (let digit = 0; digit < 10; digit++) {
    for (let i = 0; i < set.count; i++) if (set.labels[i] === digit) { found.push(i); break; }
  }
  return found;
}
