/*
 * Drawing primitives for the evaluation sets: thick anti-aliased polylines as a browser canvas
 * strokes them, Konva's tension spline, and a Euclidean distance transform for pens of other
 * widths. Everything works on ink maps: Float32Array, 0..1 per pixel, row by row.
 */

/** A point list as Konva takes it: [x0, y0, x1, y1, ...]. */
export type FlatPoints = number[];

/** An ink map of a width x height canvas (0 = no ink, 1 = full ink). */
export interface InkMap {
  width: number;
  height: number;
  ink: Float32Array;
}

export const blankInk = (width: number, height: number): InkMap => ({ width, height, ink: new Float32Array(width * height) });

/**
 * Strokes a polyline of `width` px with round caps and joins, anti-aliased: each pixel centre's
 * distance to the nearest segment gives its coverage, clamp(halfWidth + 0.5 - distance, 0, 1),
 * which is what a canvas's one-pixel edge ramp looks like. A single point is a disc. Coverage
 * combines by maximum: within one opaque stroke that is the union of its capsules, and between
 * black strokes it differs from source-over only in the faint edge pixels where two overlap.
 */
export function strokePolyline(target: InkMap, points: FlatPoints, width: number): void {
  const half = width / 2;
  const reach = half + 1;
  const { width: w, height: h, ink } = target;
  const segments = Math.max(1, points.length / 2 - 1);
  for (let s = 0; s < segments; s++) {
    const ax = points[2 * s]!, ay = points[2 * s + 1]!;
    const bx = points.length >= 4 ? points[2 * s + 2]! : ax;
    const by = points.length >= 4 ? points[2 * s + 3]! : ay;
    const dx = bx - ax, dy = by - ay;
    const lengthSquared = dx * dx + dy * dy;
    const x0 = Math.max(0, Math.floor(Math.min(ax, bx) - reach)), x1 = Math.min(w - 1, Math.ceil(Math.max(ax, bx) + reach));
    const y0 = Math.max(0, Math.floor(Math.min(ay, by) - reach)), y1 = Math.min(h - 1, Math.ceil(Math.max(ay, by) + reach));
    for (let y = y0; y <= y1; y++) {
      const py = y + 0.5;
      for (let x = x0; x <= x1; x++) {
        const px = x + 0.5;
        let t = lengthSquared > 0 ? ((px - ax) * dx + (py - ay) * dy) / lengthSquared : 0;
        t = t < 0 ? 0 : t > 1 ? 1 : t;
        const ex = px - (ax + t * dx), ey = py - (ay + t * dy);
        const coverage = half + 0.5 - Math.sqrt(ex * ex + ey * ey);
        if (coverage <= 0) continue;
        const p = y * w + x;
        const value = coverage > 1 ? 1 : coverage;
        if (value > ink[p]!) ink[p] = value;
      }
    }
  }
}

/** Konva's control points for the middle point of three (Konva.Line with a tension, lib/shapes/Line.js). */
function controlPoints(x0: number, y0: number, x1: number, y1: number, x2: number, y2: number, tension: number): [number, number, number, number] {
  const d01 = Math.hypot(x1 - x0, y1 - y0), d12 = Math.hypot(x2 - x1, y2 - y1), sum = d01 + d12;
  if (sum === 0) return [x1, y1, x1, y1];
  const fa = (tension * d01) / sum, fb = (tension * d12) / sum;
  return [x1 - fa * (x2 - x0), y1 - fa * (y2 - y0), x1 + fb * (x2 - x0), y1 + fb * (y2 - y0)];
}

/** Konva's tension points: for each inner point, its incoming control point, itself, its outgoing control point. */
export function tensionPoints(p: FlatPoints, tension: number): FlatPoints {
  const out: FlatPoints = [];
  for (let n = 2; n < p.length - 2; n += 2) {
    const [c1x, c1y, c2x, c2y] = controlPoints(p[n - 2]!, p[n - 1]!, p[n]!, p[n + 1]!, p[n + 2]!, p[n + 3]!, tension);
    out.push(c1x, c1y, p[n]!, p[n + 1]!, c2x, c2y);
  }
  return out;
}

/** Appends a flattened quadratic (from the last point of `out`) with enough steps that none is longer than `step`. */
function flattenQuadratic(out: FlatPoints, cx: number, cy: number, x: number, y: number, step: number): void {
  const x0 = out[out.length - 2]!, y0 = out[out.length - 1]!;
  const n = Math.max(1, Math.ceil((Math.hypot(cx - x0, cy - y0) + Math.hypot(x - cx, y - cy)) / step));
  for (let i = 1; i <= n; i++) {
    const t = i / n, u = 1 - t;
    out.push(u * u * x0 + 2 * u * t * cx + t * t * x, u * u * y0 + 2 * u * t * cy + t * t * y);
  }
}

function flattenCubic(out: FlatPoints, c1x: number, c1y: number, c2x: number, c2y: number, x: number, y: number, step: number): void {
  const x0 = out[out.length - 2]!, y0 = out[out.length - 1]!;
  const n = Math.max(1, Math.ceil((Math.hypot(c1x - x0, c1y - y0) + Math.hypot(c2x - c1x, c2y - c1y) + Math.hypot(x - c2x, y - c2y)) / step));
  for (let i = 1; i <= n; i++) {
    const t = i / n, u = 1 - t;
    out.push(
      u * u * u * x0 + 3 * u * u * t * c1x + 3 * u * t * t * c2x + t * t * t * x,
      u * u * u * y0 + 3 * u * u * t * c1y + 3 * u * t * t * c2y + t * t * t * y,
    );
  }
}

/**
 * The path an open Konva.Line with `tension` strokes through `points`, flattened into a polyline
 * with steps of at most `step`: a quadratic into the second point, cubics between inner points,
 * a quadratic out of the second-to-last one (Line#_eachTensionSegment). Two points are a straight
 * line, as in Konva.
 */
export function konvaLinePath(points: FlatPoints, tension: number, step = 1.5): FlatPoints {
  if (tension === 0 || points.length <= 4) return points.slice();
  const tp = tensionPoints(points, tension);
  const out: FlatPoints = [points[0]!, points[1]!];
  flattenQuadratic(out, tp[0]!, tp[1]!, tp[2]!, tp[3]!, step);
  for (let n = 4; n < tp.length - 2; n += 6) flattenCubic(out, tp[n]!, tp[n + 1]!, tp[n + 2]!, tp[n + 3]!, tp[n + 4]!, tp[n + 5]!, step);
  flattenQuadratic(out, tp[tp.length - 2]!, tp[tp.length - 1]!, points[points.length - 2]!, points[points.length - 1]!, step);
  return out;
}

/** Stands for "no ink on this line": finite, so that the parabola intersections stay numbers. */
const FAR = 1e20;

/** Squared distance transform of one row or column (Felzenszwalb and Huttenlocher): f in, d out. */
function edt1d(f: Float64Array, n: number, d: Float64Array, v: Int32Array, z: Float64Array): void {
  const intersection = (q: number, r: number) => (f[q]! + q * q - (f[r]! + r * r)) / (2 * q - 2 * r);
  let k = 0;
  v[0] = 0;
  z[0] = -Infinity;
  z[1] = Infinity;
  for (let q = 1; q < n; q++) {
    let s = intersection(q, v[k]!);
    while (s <= z[k]!) {
      k--;
      s = intersection(q, v[k]!);
    }
    k++;
    v[k] = q;
    z[k] = s;
    z[k + 1] = Infinity;
  }
  k = 0;
  for (let q = 0; q < n; q++) {
    while (z[k + 1]! < q) k++;
    const r = v[k]!;
    d[q] = (q - r) * (q - r) + f[r]!;
  }
}

/** Euclidean distance from each pixel centre to the nearest pixel where `mask` is set (0 on it, about 1e10 when nothing is set). */
export function distanceTo(mask: Uint8Array, width: number, height: number): Float32Array {
  const n = Math.max(width, height);
  const f = new Float64Array(n), d = new Float64Array(n), z = new Float64Array(n + 1);
  const v = new Int32Array(n);
  const grid = new Float64Array(width * height);
  for (let p = 0; p < grid.length; p++) grid[p] = mask[p] ? 0 : FAR;
  for (let x = 0; x < width; x++) {
    for (let y = 0; y < height; y++) f[y] = grid[y * width + x]!;
    edt1d(f, height, d, v, z);
    for (let y = 0; y < height; y++) grid[y * width + x] = d[y]!;
  }
  const out = new Float32Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) f[x] = grid[y * width + x]!;
    edt1d(f, width, d, v, z);
    for (let x = 0; x < width; x++) out[y * width + x] = Math.sqrt(d[x]!);
  }
  return out;
}
