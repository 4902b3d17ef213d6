/**
 * How long the ink is in widths of the pen that drew it, measured on the ink's box resampled to a
 * fixed size so that the number depends neither on the canvas nor on the pen: a dot or a dash is
 * a pen width or two long, a digit several, however small or thick it was drawn.
 */

/** The box's longer side is resampled to this many pixels before measuring. */
export const MEASURE_SIDE = 64;
/** Ink at or above this share of the box's peak is pen; below, anti-aliasing and smudges. */
const PEN = 0.5;
/** The pen's half width is read at this percentile of the ink's distances to the paper: above the many edge pixels, below the blobs where strokes cross. */
const HALF_WIDTH_PERCENTILE = 0.9;

/**
 * Chamfer distance (3-4 weights, in thirds of a pixel) from each pen pixel to the nearest paper
 * pixel; outside the image counts as paper.
 */
function distanceToPaper(pen: Uint8Array, width: number, height: number): Uint16Array {
  const d = new Uint16Array(width * height);
  const at = (x: number, y: number) => (x < 0 || y < 0 || x >= width || y >= height ? 0 : d[y * width + x]!);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (!pen[y * width + x]) continue;
      d[y * width + x] = Math.min(at(x - 1, y) + 3, at(x, y - 1) + 3, at(x - 1, y - 1) + 4, at(x + 1, y - 1) + 4);
    }
  }
  for (let y = height - 1; y >= 0; y--) {
    for (let x = width - 1; x >= 0; x--) {
      if (!pen[y * width + x]) continue;
      d[y * width + x] = Math.min(d[y * width + x]!, at(x + 1, y) + 3, at(x, y + 1) + 3, at(x + 1, y + 1) + 4, at(x - 1, y + 1) + 4);
    }
  }
  return d;
}

/** The longer side of a box of ink (resampled so that it is MEASURE_SIDE pixels) in pen widths. */
export function lengthInPens(box: Float32Array, width: number, height: number): number {
  let peak = 0;
  for (const v of box) peak = Math.max(peak, v);
  const pen = new Uint8Array(box.length);
  let area = 0;
  for (let p = 0; p < box.length; p++) {
    if (peak > 0 && box[p]! >= PEN * peak) {
      pen[p] = 1;
      area++;
    }
  }
  if (area === 0) return 0;
  const distances = distanceToPaper(pen, width, height);
  // No pen pixel is farther than half the shorter side (3 per pixel) from the paper around the box.
  const histogram = new Uint32Array(3 * Math.max(width, height) + 4);
  for (let p = 0; p < pen.length; p++) if (pen[p]) histogram[distances[p]!]!++;
  let seen = 0, halfWidth = 3;
  for (let v = 0; v < histogram.length; v++) {
    seen += histogram[v]!;
    if (seen >= HALF_WIDTH_PERCENTILE * area) {
      halfWidth = v;
      break;
    }
  }
  // Distances run from a pen pixel's centre to the first paper pixel's: the pixels of a pen one
  // pixel wide read 3 (one pixel), so the width is twice the distance less half a pixel each side.
  const penWidth = Math.max(1, (2 * halfWidth) / 3 - 1);
  return Math.max(width, height) / penWidth;
}
