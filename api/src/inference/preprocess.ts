import { ImageRejected } from "./image-rejected.ts";
import { countInkParts, dotBelowSide, inkParts, type InkSummary } from "./ink-summary.ts";
import type { Bitmap } from "./decode-image.ts";
import { lengthInPens, MEASURE_SIDE } from "./stroke-measure.ts";

/**
 * Turns a drawing into a 28x28 digit the way MNIST digits were made: ink bright on dark, cropped
 * to the ink, longest side scaled to 20 px keeping the aspect ratio, pasted into 28x28 so that the
 * centre of mass sits at the centre pixel (14, 14), as in MNIST's own digits. Normalising for the
 * network is the model's business (its card says how), not the drawing's.
 */
export const INPUT_SIDE = 28;
const DIGIT_BOX = 20;
const CENTRE = 14;
/** Ink below this (0..1) does not count towards the bounding box: JPEG noise, faint smudges. */
const INK_THRESHOLD = 0.2;

/** Median of 0..255 values via a histogram. */
function median(values: Uint32Array, count: number): number {
  let seen = 0;
  for (let v = 0; v < 256; v++) {
    seen += values[v]!;
    if (seen * 2 >= count) return v;
  }
  return 255;
}

/**
 * Ink strength 0..1 per pixel. The background is read from the border: mostly transparent means
 * ink is alpha; otherwise ink is the distance in luminance from the background colour, which
 * handles black on white, white on black and anything in between.
 */
export function inkMap({ width, height, data }: Bitmap): Float32Array {
  const lumaHistogram = new Uint32Array(256);
  let borderAlpha = 0;
  let borderCount = 0;
  const visitBorder = (x: number, y: number) => {
    const i = (y * width + x) * 4;
    borderAlpha += data[i + 3]!;
    lumaHistogram[Math.round(0.299 * data[i]! + 0.587 * data[i + 1]! + 0.114 * data[i + 2]!)]! += 1;
    borderCount++;
  };
  for (let x = 0; x < width; x++) { visitBorder(x, 0); if (height > 1) visitBorder(x, height - 1); }
  for (let y = 1; y < height - 1; y++) { visitBorder(0, y); if (width > 1) visitBorder(width - 1, y); }

  const ink = new Float32Array(width * height);
  if (borderAlpha / borderCount < 128) {
    for (let p = 0; p < ink.length; p++) ink[p] = data[p * 4 + 3]! / 255;
    return ink;
  }
  const background = median(lumaHistogram, borderCount) / 255;
  const darkInk = background > 0.5;
  const range = darkInk ? background : 1 - background;
  // A canvas is mostly long runs of one colour (its background): a pixel the same as the one
  // before it gets the same ink without the arithmetic.
  let red = -1, green = -1, blue = -1, opacity = -1, same = 0;
  for (let p = 0; p < ink.length; p++) {
    const i = p * 4;
    const r = data[i]!, g = data[i + 1]!, b = data[i + 2]!, a = data[i + 3]!;
    if (r === red && g === green && b === blue && a === opacity) {
      ink[p] = same;
      continue;
    }
    const alpha = a / 255;
    const luma = (0.299 * r + 0.587 * g + 0.114 * b) / 255;
    const composited = alpha * luma + (1 - alpha) * background;
    const strength = (darkInk ? background - composited : composited - background) / range;
    same = ink[p] = strength > 0 ? Math.min(strength, 1) : 0;
    red = r; green = g; blue = b; opacity = a;
  }
  return ink;
}

interface Box { x0: number; y0: number; x1: number; y1: number }

function inkBoundingBox(ink: Float32Array, width: number, height: number): Box | null {
  let x0 = width, y0 = height, x1 = -1, y1 = -1;
  for (let y = 0; y < height; y++) {
    const row = y * width;
    for (let x = 0; x < width; x++) {
      if (ink[row + x]! > INK_THRESHOLD) {
        if (x < x0) x0 = x;
        if (x > x1) x1 = x;
        if (y < y0) y0 = y;
        if (y > y1) y1 = y;
      }
    }
  }
  return x1 < 0 ? null : { x0, y0, x1, y1 };
}

/**
 * For each target index t, the source indices and the share of each (area averaging): taps
 * offset[t] to offset[t + 1] - 1. Flat typed arrays, because the resampling loops run over them
 * for every row of every drawing.
 */
interface AreaWeights { offset: Int32Array; source: Int32Array; share: Float64Array }

function areaWeights(sourceLength: number, targetLength: number): AreaWeights {
  const scale = sourceLength / targetLength;
  const offset = new Int32Array(targetLength + 1);
  const source: number[] = [];
  const share: number[] = [];
  for (let t = 0; t < targetLength; t++) {
    const start = t * scale;
    const end = start + scale;
    for (let s = Math.floor(start); s < Math.min(Math.ceil(end), sourceLength); s++) {
      const overlap = Math.min(end, s + 1) - Math.max(start, s);
      if (overlap > 0) { source.push(s); share.push(overlap / scale); }
    }
    offset[t + 1] = source.length;
  }
  return { offset, source: Int32Array.from(source), share: Float64Array.from(share) };
}

/** Resamples the box of `ink` to targetWidth x targetHeight by averaging the area each pixel covers. */
function resampleBox(ink: Float32Array, width: number, box: Box, targetWidth: number, targetHeight: number): Float32Array {
  const boxWidth = box.x1 - box.x0 + 1;
  const boxHeight = box.y1 - box.y0 + 1;
  const columns = areaWeights(boxWidth, targetWidth);
  const rows = areaWeights(boxHeight, targetHeight);
  const horizontal = new Float32Array(targetWidth * boxHeight);
  for (let y = 0; y < boxHeight; y++) {
    const first = (box.y0 + y) * width + box.x0;
    const { offset, source, share } = columns;
    for (let tx = 0; tx < targetWidth; tx++) {
      let sum = 0;
      for (let k = offset[tx]!, end = offset[tx + 1]!; k < end; k++) sum += ink[first + source[k]!]! * share[k]!;
      horizontal[y * targetWidth + tx] = sum;
    }
  }
  const out = new Float32Array(targetWidth * targetHeight);
  const { offset, source, share } = rows;
  for (let ty = 0; ty < targetHeight; ty++) {
    for (let tx = 0; tx < targetWidth; tx++) {
      let sum = 0;
      for (let k = offset[ty]!, end = offset[ty + 1]!; k < end; k++) sum += horizontal[source[k]! * targetWidth + tx]! * share[k]!;
      out[ty * targetWidth + tx] = sum;
    }
  }
  return out;
}

/** A drawing as the network reads it, and what its ink looks like. */
export interface MnistDigit {
  /** 28x28, ink 0..1, row by row. */
  pixels: Float32Array;
  ink: InkSummary;
}

/** The 28x28 digit with ink 0..1 (before normalisation), and its ink summary. Throws EMPTY_CANVAS when there is no ink. */
export function toMnistDigit(bitmap: Bitmap): MnistDigit {
  const ink = inkMap(bitmap);
  const box = inkBoundingBox(ink, bitmap.width, bitmap.height);
  if (!box) throw new ImageRejected("EMPTY_CANVAS", "The canvas is empty: draw a digit first");

  const boxWidth = box.x1 - box.x0 + 1;
  const boxHeight = box.y1 - box.y0 + 1;
  const scale = DIGIT_BOX / Math.max(boxWidth, boxHeight);
  const width = Math.max(1, Math.min(DIGIT_BOX, Math.round(boxWidth * scale)));
  const height = Math.max(1, Math.min(DIGIT_BOX, Math.round(boxHeight * scale)));
  const digit = resampleBox(ink, bitmap.width, box, width, height);

  // MNIST strokes peak at full intensity; thin pens get faint after downscaling, so stretch.
  let peak = 0, mass = 0, massX = 0, massY = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const v = digit[y * width + x]!;
      if (v > peak) peak = v;
      mass += v; massX += v * x; massY += v * y;
    }
  }
  const clampOffset = (offset: number, size: number) => Math.min(Math.max(offset, 0), INPUT_SIDE - size);
  const offsetX = clampOffset(Math.round(CENTRE - massX / mass), width);
  const offsetY = clampOffset(Math.round(CENTRE - massY / mass), height);

  const out = new Float32Array(INPUT_SIDE * INPUT_SIDE);
  let inBox = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const v = digit[y * width + x]! / peak;
      out[(y + offsetY) * INPUT_SIDE + x + offsetX] = v;
      inBox += v;
    }
  }
  const measureScale = MEASURE_SIDE / Math.max(boxWidth, boxHeight);
  const measureWidth = Math.max(1, Math.round(boxWidth * measureScale)), measureHeight = Math.max(1, Math.round(boxHeight * measureScale));
  const parts = inkParts(out, INPUT_SIDE);
  const summary: InkSummary = {
    lengthInPens: lengthInPens(resampleBox(ink, bitmap.width, box, measureWidth, measureHeight), measureWidth, measureHeight),
    extent: Math.max(boxWidth, boxHeight) / Math.min(bitmap.width, bitmap.height),
    fill: inBox / (width * height),
    aspect: Math.min(width, height) / Math.max(width, height),
    widthRatio: boxWidth / boxHeight,
    parts: countInkParts(parts),
    dotBelow: dotBelowSide(parts),
  };
  return { pixels: out, ink: summary };
}
