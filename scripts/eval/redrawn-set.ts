import { loadMnist, type MnistSet } from "../lib/mnist.ts";
import { inkPng, type InkStyle } from "../lib/render-canvas.ts";
import { digitStrokes, sampleDigit } from "./digit-strokes.ts";
import { between, itemRandom, pick, shuffledIndices, type EvalImage, type EvalSet, type EvalSetOptions } from "./eval-set.ts";
import { distanceTo, strokePolyline, type InkMap } from "./raster.ts";

const STYLES: readonly InkStyle[] = ["black-on-white", "white-on-black", "ink-on-transparent"];
const PENS = ["thin", "regular", "thick"] as const;
type Pen = (typeof PENS)[number];

/** MNIST ink at or above this is inside the digit's outline (its strokes have soft grey edges). */
const OUTLINE = 0.5;

/** How one test digit is redrawn. */
export interface Redraw {
  /** Canvas side, px. */
  size: number;
  /** The digit's longer side over the canvas side. */
  extent: number;
  /** Radians, clockwise. */
  rotation: number;
  /** Horizontal shear: x moves by slant times the height above the digit's centre. */
  slant: number;
  pen: Pen;
  /** How far the outline moves out (thick) or in (thin), in MNIST pixels. */
  penOffset: number;
  style: InkStyle;
  /** Where the digit's box starts within the free room, 0..1 on each axis. */
  at: [number, number];
}

export function randomRedraw(random: () => number): Redraw {
  const pen = pick(random, PENS);
  return {
    size: Math.round(between(random, 200, 400)),
    extent: between(random, 0.15, 0.9),
    rotation: (between(random, -20, 20) * Math.PI) / 180,
    slant: between(random, -0.35, 0.35),
    pen,
    penOffset: pen === "thin" ? between(random, -0.7, -0.35) : pen === "thick" ? between(random, 0.3, 0.9) : between(random, -0.1, 0.15),
    style: pick(random, STYLES),
    at: [random(), random()],
  };
}

/**
 * Draws MNIST digit `index` on a canvas as `redraw` says: the digit's outline is moved through
 * a signed distance field (out for a thick pen, in for a thin one) and edged with one pixel of
 * anti-aliasing, as a canvas edges its shapes. A thin pen keeps at least a hairline along the
 * digit's skeleton, so that eroding never breaks a stroke apart.
 */
export function redrawDigit(set: MnistSet, index: number, redraw: Redraw): InkMap {
  const { size } = redraw;
  const cos = Math.cos(redraw.rotation), sin = Math.sin(redraw.rotation);
  // digit (u, v) -> shaped (about the digit's centre) -> canvas: p = scale * shape(u - cu, v - cv) + offset
  const shape = (u: number, v: number): [number, number] => {
    const x = u - redraw.slant * v;
    return [cos * x - sin * v, sin * x + cos * v];
  };
  const base = index * 784;
  let u0 = 28, v0 = 28, u1 = -1, v1 = -1;
  for (let v = 0; v < 28; v++) {
    for (let u = 0; u < 28; u++) {
      if (set.images[base + v * 28 + u]! < OUTLINE * 255) continue;
      u0 = Math.min(u0, u); v0 = Math.min(v0, v); u1 = Math.max(u1, u); v1 = Math.max(v1, v);
    }
  }
  const cu = (u0 + u1) / 2, cv = (v0 + v1) / 2;
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  for (const [u, v] of [[u0 - 0.5, v0 - 0.5], [u1 + 0.5, v0 - 0.5], [u0 - 0.5, v1 + 0.5], [u1 + 0.5, v1 + 0.5]] as const) {
    const [x, y] = shape(u - cu, v - cv);
    x0 = Math.min(x0, x); y0 = Math.min(y0, y); x1 = Math.max(x1, x); y1 = Math.max(y1, y);
  }
  const scale = (redraw.extent * size) / Math.max(x1 - x0, y1 - y0);
  const grow = Math.max(0, redraw.penOffset) * scale + 2;
  const width = (x1 - x0) * scale, height = (y1 - y0) * scale;
  const left = grow + redraw.at[0] * Math.max(0, size - 2 * grow - width) - x0 * scale;
  const top = grow + redraw.at[1] * Math.max(0, size - 2 * grow - height) - y0 * scale;

  // Work in the digit's box on the canvas (plus room for a thick pen), not the whole canvas.
  const bx0 = Math.max(0, Math.floor(left + x0 * scale - grow)), by0 = Math.max(0, Math.floor(top + y0 * scale - grow));
  const bx1 = Math.min(size, Math.ceil(left + x1 * scale + grow)), by1 = Math.min(size, Math.ceil(top + y1 * scale + grow));
  const bw = bx1 - bx0, bh = by1 - by0;
  // Inverse of shape(): canvas pixel centre -> digit coordinates.
  const determinant = cos * cos + sin * sin;
  const field = new Float32Array(bw * bh);
  const inside = new Uint8Array(bw * bh), outside = new Uint8Array(bw * bh);
  for (let y = 0; y < bh; y++) {
    for (let x = 0; x < bw; x++) {
      const sx = (bx0 + x + 0.5 - left) / scale, sy = (by0 + y + 0.5 - top) / scale;
      const rx = (cos * sx + sin * sy) / determinant, v = (-sin * sx + cos * sy) / determinant;
      const value = sampleDigit(set, index, rx + redraw.slant * v + cu, v + cv);
      const p = y * bw + x;
      field[p] = value;
      if (value >= OUTLINE) inside[p] = 1;
      else outside[p] = 1;
    }
  }
  const toInside = distanceTo(inside, bw, bh), toOutside = distanceTo(outside, bw, bh);
  const offset = redraw.penOffset * scale;
  const out: InkMap = { width: size, height: size, ink: new Float32Array(size * size) };
  for (let y = 0; y < bh; y++) {
    for (let x = 0; x < bw; x++) {
      const p = y * bw + x;
      // Signed distance to the outline, negative inside. Pixels next to the outline take it from
      // the field's slope, which places the edge within the pixel; further away the distance
      // transform is exact to half a pixel.
      let distance = inside[p] ? 0.5 - toOutside[p]! : toInside[p]! - 0.5;
      if (Math.abs(distance) < 1) {
        const gx = (field[p + (x + 1 < bw ? 1 : 0)]! - field[p - (x > 0 ? 1 : 0)]!) / 2;
        const gy = (field[p + (y + 1 < bh ? bw : 0)]! - field[p - (y > 0 ? bw : 0)]!) / 2;
        const slope = Math.hypot(gx, gy);
        if (slope > 1e-6) distance = Math.max(-1, Math.min(1, (OUTLINE - field[p]!) / slope));
      }
      const coverage = offset + 0.5 - distance;
      if (coverage > 0) out.ink[(by0 + y) * size + bx0 + x] = Math.min(1, coverage);
    }
  }
  if (redraw.pen === "thin") {
    // A hairline of a quarter MNIST pixel each side of the skeleton, at least a pixel wide.
    const hairline = Math.max(1.2, 0.5 * scale);
    for (const stroke of digitStrokes(set, index)) {
      const points = stroke.flatMap(([u, v]) => {
        const [x, y] = shape(u - 0.5 - cu, v - 0.5 - cv);
        return [left + x * scale, top + y * scale];
      });
      strokePolyline(out, points, hairline);
    }
  }
  return out;
}

/**
 * MNIST test digits re-rendered as canvas drawings of every kind the API may receive: 200-400 px
 * canvases, the digit 15-90 % of the side and anywhere on it, rotated up to 20 degrees either
 * way, slanted, with thin, regular or thick pens, anti-aliased, in the three canvas styles.
 */
export async function* redrawnImages({ count, seed, source }: EvalSetOptions): AsyncGenerator<EvalImage> {
  const set = source ?? loadMnist("test");
  const order = shuffledIndices(set.count, seed);
  for (let n = 0; n < count; n++) {
    const index = order[n % order.length]!;
    const redraw = randomRedraw(itemRandom(seed, n));
    const { ink } = redrawDigit(set, index, redraw);
    yield {
      png: await inkPng(ink, redraw.size, redraw.size, redraw.style),
      label: set.labels[index]!,
      family: `${redraw.pen} pen`,
      note: `#${index} ${redraw.style} ${redraw.size}px extent ${redraw.extent.toFixed(2)} rotation ${((redraw.rotation * 180) / Math.PI).toFixed(0)} deg slant ${redraw.slant.toFixed(2)} pen ${redraw.penOffset >= 0 ? "+" : ""}${redraw.penOffset.toFixed(2)}`,
    };
  }
}

export const redrawnSet: EvalSet = {
  name: "redrawn",
  description: "MNIST test digits redrawn on 200-400 px canvases: sizes, places, rotation, slant, pens, three styles",
  digits: true,
  seed: 1,
  defaultCount: 2000,
  quickCount: 300,
  images: (options) => redrawnImages(options),
};
