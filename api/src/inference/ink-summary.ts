/**
 * What the ink of a drawing looks like, apart from what the network reads in it: how much of its
 * canvas it spans, how much of its own box it fills, in how many separate parts it lies, and
 * whether a dot sits under it.
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
  /** The side in pixels of the 28x28 digit of a small separate mark below the ink's body (the dot of a "!"), 0 when there is none. */
  dotBelow: number;
}

/** Ink at or above this (0..1) counts as a stroke when finding parts. */
const STROKE = 0.25;
/** A part holds at least this share of all ink; smaller ones are specks or a detached serif. */
const SIGNIFICANT_SHARE = 0.15;

/** One 8-connected part of a digit's strokes: its share of all the ink and its box, in pixels. */
export interface InkPart {
  share: number;
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/**
 * The parts of a side x side digit: 8-connected components of its strokes, after closing gaps of
 * up to `bridge` pixels, heaviest first. At 28x28 two digits side by side are often only a pixel
 * apart, so the server bridges nothing.
 */
export function inkParts(digit: Float32Array, side: number, bridge = 0): InkPart[] {
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
  if (total === 0) return [];
  const seen = new Uint8Array(digit.length);
  const stack: number[] = [];
  const parts: InkPart[] = [];
  for (let start = 0; start < digit.length; start++) {
    if (!stroke[start] || seen[start]) continue;
    let mass = 0;
    const part = { share: 0, x0: side, y0: side, x1: -1, y1: -1 };
    seen[start] = 1;
    stack.push(start);
    while (stack.length > 0) {
      const p = stack.pop()!;
      mass += digit[p]!;
      const py = Math.floor(p / side), px = p % side;
      part.x0 = Math.min(part.x0, px); part.x1 = Math.max(part.x1, px);
      part.y0 = Math.min(part.y0, py); part.y1 = Math.max(part.y1, py);
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
    parts.push({ ...part, share: mass / total });
  }
  return parts.sort((a, b) => b.share - a.share);
}

/** The parts that each hold a good share of the ink (specks and detached serifs do not count). */
export function countInkParts(parts: readonly InkPart[]): number {
  return parts.filter((part) => part.share >= SIGNIFICANT_SHARE).length;
}

/** A mark holds at least this share of the ink: fainter ones are specks of noise, not a pen's dot. */
const MARK_SHARE = 0.04;

/**
 * The longer side, in pixels, of the smallest mark lying wholly below the heaviest part's box,
 * or 0 when there is none. The dot under "!" or "?" is such a mark; a digit's strokes do not end
 * in a separate dot beneath it (a 5's flag or a 4's bar sits beside or above its body).
 */
export function dotBelowSide(parts: readonly InkPart[]): number {
  const body = parts[0];
  if (!body) return 0;
  let smallest = 0;
  for (const part of parts.slice(1)) {
    if (part.share < MARK_SHARE || part.y0 <= body.y1) continue;
    const sideOf = Math.max(part.x1 - part.x0, part.y1 - part.y0) + 1;
    if (smallest === 0 || sideOf < smallest) smallest = sideOf;
  }
  return smallest;
}
