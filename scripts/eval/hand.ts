import { inkPng, type InkStyle } from "../lib/render-canvas.ts";
import { blankInk, konvaLinePath, strokePolyline, type FlatPoints, type InkMap } from "./raster.ts";

/*
 * Strokes as the browser client records and draws them: points in fractions of the canvas side,
 * sampled where the pointer happened to be, drawn by Konva.Line with a tension spline, round caps
 * and joins, and a pen width that is a fixed share of the canvas.
 */

/** client/src/draw/DrawingCanvas.tsx: the pen is this share of the canvas side (a test keeps them equal). */
export const CLIENT_STROKE = 1 / 11;
/** client/src/draw/DrawingCanvas.tsx: the Line's tension. */
export const CLIENT_TENSION = 0.4;

/** A stroke's points in unit canvas coordinates, [x0, y0, x1, y1, ...]; one point is a tap. */
export type UnitStroke = FlatPoints;

/** How a hand moves the pointer: how far apart its samples land, and how much it wobbles. */
export interface HandStyle {
  /** Mean distance between pointer samples, in canvas sides (speed / event rate). */
  spacing: number;
  /** Amplitude of the slow wobble away from the intended line, in canvas sides. */
  wobble: number;
  /** Per-sample noise, in canvas sides (sensor and finger contact). */
  noise: number;
}

/** A mouse at 60 events a second: samples a few pixels apart, a steady line. */
export const MOUSE: HandStyle = { spacing: 0.02, wobble: 0.003, noise: 0.0006 };
/** A finger on a phone: samples further apart, a shakier line. */
export const FINGER: HandStyle = { spacing: 0.035, wobble: 0.005, noise: 0.0012 };

/** A standard normal deviate (Box-Muller), from a uniform source. */
export function gaussian(random: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

/**
 * Samples an intended path (unit coordinates) as the pointer would report it: the hand's speed
 * rises and falls along the stroke, so samples come unevenly; it slows into sharp corners, so the
 * corners themselves are sampled; and the line wobbles slowly and jitters per sample.
 */
export function handSample(path: Array<[number, number]>, hand: HandStyle, random: () => number): UnitStroke {
  if (path.length === 1) {
    const [x, y] = path[0]!;
    return [x + gaussian(random) * hand.noise, y + gaussian(random) * hand.noise];
  }
  const cumulative = [0];
  for (let i = 1; i < path.length; i++) cumulative.push(cumulative[i - 1]! + Math.hypot(path[i]![0] - path[i - 1]![0], path[i]![1] - path[i - 1]![1]));
  const total = cumulative.at(-1)!;
  // Where the path turns sharply the hand slows to a stop: those vertices are always sampled.
  const corners: number[] = [];
  for (let i = 1; i < path.length - 1; i++) {
    const [ax, ay] = path[i - 1]!, [bx, by] = path[i]!, [cx, cy] = path[i + 1]!;
    const turn = Math.abs(Math.atan2((bx - ax) * (cy - by) - (by - ay) * (cx - bx), (bx - ax) * (cx - bx) + (by - ay) * (cy - by)));
    if (turn > Math.PI / 3) corners.push(cumulative[i]!);
  }
  const speedPhase = random() * 2 * Math.PI, speedWave = 0.15 + random() * 0.25;
  const wobblePhase = [random() * 2 * Math.PI, random() * 2 * Math.PI], wobbleWave = [0.3 + random() * 0.5, 0.3 + random() * 0.5];
  const stops: number[] = [0];
  for (let s = 0; ; ) {
    // Speed swings between about half and one and a half times the mean along the stroke.
    const speed = 1 + 0.5 * Math.sin((2 * Math.PI * s) / speedWave + speedPhase);
    s += hand.spacing * speed * (0.7 + 0.6 * random());
    if (s >= total) break;
    stops.push(s);
  }
  stops.push(total);
  for (const corner of corners) if (!stops.some((s) => Math.abs(s - corner) < hand.spacing * 0.25)) stops.push(corner);
  stops.sort((a, b) => a - b);
  const out: UnitStroke = [];
  let segment = 0;
  for (const s of stops) {
    while (segment < path.length - 2 && cumulative[segment + 1]! < s) segment++;
    const length = cumulative[segment + 1]! - cumulative[segment]!;
    const t = length > 0 ? (s - cumulative[segment]!) / length : 0;
    const [ax, ay] = path[segment]!, [bx, by] = path[segment + 1]!;
    const wobbleX = hand.wobble * Math.sin((2 * Math.PI * s) / wobbleWave[0]! + wobblePhase[0]!);
    const wobbleY = hand.wobble * Math.sin((2 * Math.PI * s) / wobbleWave[1]! + wobblePhase[1]!);
    out.push(ax + t * (bx - ax) + wobbleX + gaussian(random) * hand.noise, ay + t * (by - ay) + wobbleY + gaussian(random) * hand.noise);
  }
  // The client clamps the pointer to the canvas.
  return out.map((v) => Math.min(1, Math.max(0, v)));
}

/** Draws unit-coordinate strokes on a size x size ink map the way the client's Konva stage does. */
export function drawStrokes(strokes: UnitStroke[], size: number, penWidth = CLIENT_STROKE): InkMap {
  const target = blankInk(size, size);
  for (const stroke of strokes) {
    const pixels = stroke.map((v) => v * size);
    // One point is a tap: the client draws a Circle of the pen's diameter, which is a one-point stroke here.
    strokePolyline(target, pixels.length === 2 ? pixels : konvaLinePath(pixels, CLIENT_TENSION), penWidth * size);
  }
  return target;
}

/** The PNG the client would send for these strokes (black on white, like its exported stage). */
export function strokesPng(strokes: UnitStroke[], size: number, style: InkStyle = "black-on-white", penWidth = CLIENT_STROKE): Promise<Buffer> {
  const { ink } = drawStrokes(strokes, size, penWidth);
  return inkPng(ink, size, size, style);
}
