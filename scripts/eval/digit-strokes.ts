import type { MnistSet } from "../lib/mnist.ts";
import { between } from "./eval-set.ts";
import { CLIENT_STROKE, handSample, type HandStyle, type UnitStroke } from "./hand.ts";
import { simplify, smooth, traceStrokes, type Point } from "./skeleton.ts";

/** The skeleton is traced on the digit upscaled this much: at 28 px, strokes are too few pixels wide to thin well. */
const UPSCALE = 4;

/** Bilinear sample of MNIST digit `index` at (u, v), pixel centres at whole numbers, 0..1. */
export function sampleDigit(set: MnistSet, index: number, u: number, v: number): number {
  const base = index * 784;
  const x0 = Math.floor(u), y0 = Math.floor(v);
  const fx = u - x0, fy = v - y0;
  const at = (x: number, y: number) => (x < 0 || y < 0 || x > 27 || y > 27 ? 0 : set.images[base + y * 28 + x]! / 255);
  return (at(x0, y0) * (1 - fx) + at(x0 + 1, y0) * fx) * (1 - fy) + (at(x0, y0 + 1) * (1 - fx) + at(x0 + 1, y0 + 1) * fx) * fy;
}

/**
 * The strokes a person would draw for MNIST digit `index`: its skeleton as polylines, simplified,
 * in digit pixel coordinates (0..28, pixel centres at +0.5).
 */
export function digitStrokes(set: MnistSet, index: number): Point[][] {
  const side = 28 * UPSCALE;
  const grey = new Float32Array(side * side);
  for (let y = 0; y < side; y++) {
    for (let x = 0; x < side; x++) grey[y * side + x] = sampleDigit(set, index, (x + 0.5) / UPSCALE - 0.5, (y + 0.5) / UPSCALE - 0.5);
  }
  // Spurs shorter than two MNIST pixels come from bumps in the outline, not from the pen.
  const strokes = traceStrokes(grey, side, side, { threshold: 0.5, spurLength: 2 * UPSCALE });
  return strokes.map((stroke) => simplify(smooth(stroke, 3), 0.15 * UPSCALE).map(([x, y]): Point => [x / UPSCALE, y / UPSCALE]));
}

/**
 * The share of a digit's ink (pixels at half intensity or more) farther than `reach` pixels from
 * its traced strokes. Thinning a thick or blotted digit can lose a whole branch (the base of a 2,
 * a loop of an 8); what is left is another digit, and reading it so would be no mistake.
 */
export function untracedInk(set: MnistSet, index: number, strokes: Point[][], reach = 2.5): number {
  const segments: Array<[Point, Point]> = strokes.flatMap((stroke) =>
    stroke.length === 1 ? [[stroke[0]!, stroke[0]!] as [Point, Point]] : stroke.slice(1).map((b, i): [Point, Point] => [stroke[i]!, b]),
  );
  let ink = 0, missed = 0;
  for (let y = 0; y < 28; y++) {
    for (let x = 0; x < 28; x++) {
      if (set.images[index * 784 + y * 28 + x]! < 128) continue;
      ink++;
      const px = x + 0.5, py = y + 0.5;
      const near = segments.some(([[ax, ay], [bx, by]]) => {
        const dx = bx - ax, dy = by - ay, squared = dx * dx + dy * dy;
        const t = squared > 0 ? Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / squared)) : 0;
        return Math.hypot(px - ax - t * dx, py - ay - t * dy) <= reach;
      });
      if (!near) missed++;
    }
  }
  return missed / Math.max(ink, 1);
}

/** Bounding box of polylines. */
export function boundsOf(strokes: Point[][]): { x0: number; y0: number; x1: number; y1: number } {
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  for (const stroke of strokes) {
    for (const [x, y] of stroke) {
      x0 = Math.min(x0, x); y0 = Math.min(y0, y); x1 = Math.max(x1, x); y1 = Math.max(y1, y);
    }
  }
  return { x0, y0, x1, y1 };
}

/** How a drawing is placed on the canvas. */
export interface Placement {
  /** The longer side of the drawing's path, in canvas sides. */
  size: number;
  /** Clockwise rotation in radians, and slant (x shifts by slant * -y, leaning right for positive). */
  rotation: number;
  slant: number;
  /** Where the drawing's box starts within the free room, 0..1 on each axis. */
  at: [number, number];
}

/**
 * Places polylines on a unit canvas: slanted and rotated about their centre, scaled so the longer
 * side is `size`, and put within the room that keeps the pen inside the canvas.
 */
export function place(strokes: Point[][], placement: Placement, pen = CLIENT_STROKE): Point[][] {
  const box = boundsOf(strokes);
  const cx = (box.x0 + box.x1) / 2, cy = (box.y0 + box.y1) / 2;
  const cos = Math.cos(placement.rotation), sin = Math.sin(placement.rotation);
  const shaped = strokes.map((stroke) =>
    stroke.map(([x, y]): Point => {
      const sx = x - cx - placement.slant * (y - cy), sy = y - cy;
      return [cos * sx - sin * sy, sin * sx + cos * sy];
    }),
  );
  const turned = boundsOf(shaped);
  const margin = pen / 2 + 0.005;
  const longer = Math.max(turned.x1 - turned.x0, turned.y1 - turned.y0) || 1;
  const scale = Math.min(placement.size, 1 - 2 * margin) / longer;
  const width = (turned.x1 - turned.x0) * scale, height = (turned.y1 - turned.y0) * scale;
  const left = margin + placement.at[0] * Math.max(0, 1 - 2 * margin - width);
  const top = margin + placement.at[1] * Math.max(0, 1 - 2 * margin - height);
  return shaped.map((stroke) => stroke.map(([x, y]): Point => [left + (x - turned.x0) * scale, top + (y - turned.y0) * scale]));
}

/** A hand of the given kind, a little faster or slower, steadier or shakier than its average. */
export function varyHand(hand: HandStyle, random: () => number): HandStyle {
  return { spacing: hand.spacing * between(random, 0.6, 1.5), wobble: hand.wobble * between(random, 0.5, 1.5), noise: hand.noise * between(random, 0.5, 1.5) };
}

/** Draws placed polylines by hand: each becomes the pointer samples of one stroke. */
export function byHand(strokes: Point[][], hand: HandStyle, random: () => number): UnitStroke[] {
  return strokes.map((stroke) => handSample(stroke, hand, random));
}
