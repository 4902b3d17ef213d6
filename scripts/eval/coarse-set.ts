import { loadMnist, type MnistSet } from "../lib/mnist.ts";
import { inkPng, type InkStyle } from "../lib/render-canvas.ts";
import { sampleDigit } from "./digit-strokes.ts";
import { between, itemRandom, pick, shuffledIndices, type EvalImage, type EvalSet } from "./eval-set.ts";

const STYLES: readonly InkStyle[] = ["black-on-white", "white-on-black", "ink-on-transparent"];
/** The scan's bitmap side, and the block side it is counted in: 32 / 4 = 8x8 cells, 0..16 each. */
const BITMAP = 32;
const BLOCK = 4;
const CELLS = BITMAP / BLOCK;

/** How one digit is scanned and shown. */
export interface CoarseScan {
  /** The digit's longer side within the 32 px bitmap. */
  extent: number;
  /** Where the digit sits within the free room of the bitmap, 0..1 on each axis. */
  at: [number, number];
  /** How much ink a bitmap pixel needs to be set (a pen darker or lighter than MNIST's). */
  threshold: number;
  /** Pixels per cell when the 8x8 scan is shown again. */
  zoom: number;
  smooth: boolean;
  style: InkStyle;
}

export function randomScan(random: () => number): CoarseScan {
  return {
    extent: between(random, 24, 32),
    at: [random(), random()],
    threshold: between(random, 0.25, 0.6),
    zoom: Math.round(between(random, 4, 24)),
    smooth: random() < 0.5,
    style: pick(random, STYLES),
  };
}

/**
 * Digit `index` as a low-resolution scan shows it: drawn into a 32x32 bitmap of set and unset
 * pixels, each 4x4 block counted (17 grey levels on an 8x8 grid), then scaled back up, by nearest
 * cell or smoothly. Returns the ink, 0..1, on a square of side 8 x zoom.
 */
export function coarseDigit(set: MnistSet, index: number, scan: CoarseScan): { ink: Float32Array; side: number } {
  const base = index * 784;
  let u0 = 28, v0 = 28, u1 = -1, v1 = -1;
  for (let v = 0; v < 28; v++) {
    for (let u = 0; u < 28; u++) {
      if (set.images[base + v * 28 + u]! === 0) continue;
      u0 = Math.min(u0, u); v0 = Math.min(v0, v); u1 = Math.max(u1, u); v1 = Math.max(v1, v);
    }
  }
  const scale = scan.extent / Math.max(u1 - u0 + 1, v1 - v0 + 1);
  const left = scan.at[0] * (BITMAP - (u1 - u0 + 1) * scale), top = scan.at[1] * (BITMAP - (v1 - v0 + 1) * scale);
  const cells = new Float32Array(CELLS * CELLS);
  for (let y = 0; y < BITMAP; y++) {
    for (let x = 0; x < BITMAP; x++) {
      const u = u0 + (x + 0.5 - left) / scale - 0.5, v = v0 + (y + 0.5 - top) / scale - 0.5;
      if (sampleDigit(set, index, u, v) >= scan.threshold) cells[Math.floor(y / BLOCK) * CELLS + Math.floor(x / BLOCK)]! += 1 / (BLOCK * BLOCK);
    }
  }
  const side = CELLS * scan.zoom;
  const ink = new Float32Array(side * side);
  const cell = (cx: number, cy: number) => (cx < 0 || cy < 0 || cx >= CELLS || cy >= CELLS ? 0 : cells[cy * CELLS + cx]!);
  for (let y = 0; y < side; y++) {
    for (let x = 0; x < side; x++) {
      if (!scan.smooth) {
        ink[y * side + x] = cell(Math.floor(x / scan.zoom), Math.floor(y / scan.zoom));
        continue;
      }
      // Bilinear between cell centres.
      const fx = (x + 0.5) / scan.zoom - 0.5, fy = (y + 0.5) / scan.zoom - 0.5;
      const cx = Math.floor(fx), cy = Math.floor(fy), tx = fx - cx, ty = fy - cy;
      ink[y * side + x] = (cell(cx, cy) * (1 - tx) + cell(cx + 1, cy) * tx) * (1 - ty) + (cell(cx, cy + 1) * (1 - tx) + cell(cx + 1, cy + 1) * tx) * ty;
    }
  }
  return { ink, side };
}

export async function* coarseImages({ count, seed, source }: { count: number; seed: number; source?: MnistSet }): AsyncGenerator<EvalImage> {
  const set = source ?? loadMnist("test");
  const order = shuffledIndices(set.count, seed);
  for (let n = 0; n < count; n++) {
    const index = order[n % order.length]!;
    const scan = randomScan(itemRandom(seed, n));
    const { ink, side } = coarseDigit(set, index, scan);
    yield {
      png: await inkPng(ink, side, side, scan.style),
      label: set.labels[index]!,
      family: scan.smooth ? "scaled up smoothly" : "scaled up by cell",
      note: `#${index} ${scan.style} ${side}px extent ${scan.extent.toFixed(1)} threshold ${scan.threshold.toFixed(2)}`,
    };
  }
}

export const coarseSet: EvalSet = {
  name: "coarse",
  description: "MNIST test digits scanned coarsely: a 32x32 bitmap counted in 4x4 blocks (8x8 cells, 17 grey levels), scaled back up by cell or smoothly",
  digits: true,
  seed: 4,
  defaultCount: 2000,
  quickCount: 300,
  images: (options) => coarseImages(options),
};
