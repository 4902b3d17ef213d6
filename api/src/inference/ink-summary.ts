/**
 * What the ink of a drawing looks like, apart from what the network reads in it: how much of its
 * canvas it spans, how much of its own box it fills, and in how many separate parts it lies.
 * A dot, a coloured-in area and "42" all give a digit to a ten-class network; these say they
 * are not one.
 */
export interface InkSummary {
  /** The ink's longer side over the canvas's shorter side, 0..1: a dot or a speck is tiny. */
  extent: number;
  /** Mean ink inside the ink's box in the 28x28 digit, 0..1: strokes fill little, areas a lot. */
  fill: number;
  /** The ink box's shorter side over its longer, 0..1: a 1 is narrow, an area usually is not. */
  aspect: number;
  /** The ink box's width over its height: two digits side by side are wide, a digit seldom is. */
  widthRatio: number;
  /** Separate parts of the 28x28 digit that each hold a good share of the ink (specks do not count). */
  parts: number;
  /** The ink box's longer side in widths of the pen (stroke-measure.ts): a dot or a dash is one or two, a digit several. */
  lengthInPens: number;
}

/** Ink at or above this (0..1) counts as a stroke when finding parts. */
const STROKE = 0.25;
/** A part holds at least this share of all ink; smaller ones are specks or a detached serif. */
const SIGNIFICANT_SHARE = 0.15;

/**
 * Counts the significant parts of a side x side digit: 8-connected components of its strokes,
 * after closing gaps of up to `bridge` pixels. At 28x28 two digits side by side are often only a
 * pixel apart, so the server bridges nothing.
 */
export function countInkParts(digit: Float32Array, side: number, bridge = 0): number {
  const stroke = new Uint8Array(digit.length);
  for (let y = 0; y < side; y++) {
    for (let x = 0; x < side; x++) {
      if (digit[y * side + x]! < STROKE) continue;
      for (let dy = -bridge; dy <= bridge; dy++) {
        for (let dx = -bridge; dx <= bridge; dx++) {
          const yy = y + dy, xx = x + dx;
          if (yy >= 0 && yy < side && xx >= 0 && xx < side) stroke[yy * side + xx] = 1;
        }
      }
    }
  }
  const total = digit.reduce((sum, v) => sum + v, 0);
  if (total === 0) return 0;
  const seen = new Uint8Array(digit.length);
  const stack: number[] = [];
  let parts = 0;
  for (let start = 0; start < digit.length; start++) {
    if (!stroke[start] || seen[start]) continue;
    let mass = 0;
    seen[start] = 1;
    stack.push(start);
    while (stack.length > 0) {
      const p = stack.pop()!;
      mass += digit[p]!;
      const py = Math.floor(p / side), px = p % side;
      for (let dy = -1; dy <= 1; dy++) {
        for (let dx = -1; dx <= 1; dx++) {
          const yy = py + dy, xx = px + dx;
          const q = yy * side + xx;
          if (yy >= 0 && yy < side && xx >= 0 && xx < side && stroke[q] && !seen[q]) {
            seen[q] = 1;
            stack.push(q);
          }
        }
      }
    }
    if (mass / total >= SIGNIFICANT_SHARE) parts++;
  }
  return parts;
}
