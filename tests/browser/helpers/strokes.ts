import { zhangSuen } from "../../../scripts/eval/skeleton.ts";
import type { MnistSet } from "../../../scripts/lib/mnist.ts";

/** A stroke as points in MNIST grid coordinates (0..28, pixel centres at +0.5). */
export type GridStroke = Array<[number, number]>;

const SIDE = 28;
const NEIGHBOURS: Array<[number, number]> = [[0, -1], [1, -1], [1, 0], [1, 1], [0, 1], [-1, 1], [-1, 0], [-1, -1]];

/** Zhang-Suen thinning: the ink's one-pixel skeleton, roughly where a pen's centre went. */
function thin(ink: Uint8Array): Uint8Array {
  // zhangSuen wants a clear one-pixel border: thin a padded copy, then cut the border off.
  const padded = new Uint8Array((SIDE + 2) * (SIDE + 2));
  for (let y = 0; y < SIDE; y++) padded.set(ink.subarray(y * SIDE, (y + 1) * SIDE), (y + 1) * (SIDE + 2) + 1);
  zhangSuen(padded, SIDE + 2, SIDE + 2);
  const img = new Uint8Array(SIDE * SIDE);
  for (let y = 0; y < SIDE; y++) img.set(padded.subarray((y + 1) * (SIDE + 2) + 1, (y + 1) * (SIDE + 2) + 1 + SIDE), y * SIDE);
  return img;
}

/**
 * Pen strokes that redraw MNIST test digit `index`: its skeleton, walked greedily from loose ends
 * into a few continuous strokes, as a person would draw it.
 */
export function digitStrokes(set: MnistSet, index: number, threshold = 128): GridStroke[] {
  const ink = new Uint8Array(SIDE * SIDE);
  for (let i = 0; i < ink.length; i++) ink[i] = set.images[index * SIDE * SIDE + i]! > threshold ? 1 : 0;
  const skeleton = thin(ink);
  const left = new Set<number>();
  skeleton.forEach((v, i) => v && left.add(i));
  const unvisitedAround = (i: number) =>
    NEIGHBOURS.map(([dx, dy]) => [(i % SIDE) + dx, Math.floor(i / SIDE) + dy] as const)
      .filter(([x, y]) => x >= 0 && y >= 0 && x < SIDE && y < SIDE && left.has(y * SIDE + x))
      .map(([x, y]) => y * SIDE + x);

  const strokes: GridStroke[] = [];
  while (left.size > 0) {
    // Start at a loose end (fewest neighbours), topmost first, like most people start a digit.
    let start = -1;
    let fewest = 9;
    for (const i of left) {
      const n = unvisitedAround(i).length;
      if (n < fewest || (n === fewest && i < start)) [start, fewest] = [i, n];
    }
    const stroke: GridStroke = [];
    let current: number | undefined = start;
    let heading: [number, number] = [0, 0];
    while (current !== undefined) {
      left.delete(current);
      const cx = current % SIDE;
      const cy = Math.floor(current / SIDE);
      stroke.push([cx + 0.5, cy + 0.5]);
      // Keep going the same way where the skeleton forks: straighter strokes.
      const options = unvisitedAround(current);
      options.sort((a, b) => turn(a) - turn(b));
      const next: number | undefined = options[0];
      if (next !== undefined) heading = [(next % SIDE) - cx, Math.floor(next / SIDE) - cy];
      current = next;
      function turn(i: number) {
        const dx = (i % SIDE) - cx;
        const dy = Math.floor(i / SIDE) - cy;
        return -(dx * heading[0] + dy * heading[1]) / Math.hypot(dx, dy) + (Math.abs(dx) + Math.abs(dy) === 2 ? 0.01 : 0);
      }
    }
    if (stroke.length >= 2) strokes.push(stroke);
  }
  return strokes;
}

/** First test-set indices of the given labels, skipping `skip` examples of each. */
export function firstOfLabel(set: MnistSet, label: number, skip = 0): number {
  let seen = 0;
  for (let i = 0; i < set.count; i++) if (set.labels[i] === label && seen++ === skip) return i;
  throw new Error(`No test digit ${label}`);
}
