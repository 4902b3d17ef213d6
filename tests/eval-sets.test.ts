import { readFileSync } from "node:fs";
import { Jimp } from "jimp";
import { Line } from "konva/lib/shapes/Line.js";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../api/src/config.ts";
import { prepareImage } from "../api/src/inference/prepare-image.ts";
import type { EvalImage, EvalSet } from "../scripts/eval/eval-set.ts";
import { CLIENT_STROKE, CLIENT_TENSION, drawStrokes } from "../scripts/eval/hand.ts";
import { kindCounts, NOT_A_DIGIT_KINDS } from "../scripts/eval/not-a-digit-set.ts";
import { konvaLinePath, tensionPoints } from "../scripts/eval/raster.ts";
import { EVAL_SETS } from "../scripts/eval/sets.ts";
import { traceStrokes } from "../scripts/eval/skeleton.ts";
import { coarseDigit } from "../scripts/eval/coarse-set.ts";
import { digitStrokes, untracedInk } from "../scripts/eval/digit-strokes.ts";
import { MAX_UNTRACED_INK } from "../scripts/eval/strokes-set.ts";
import { loadMnist } from "../scripts/lib/mnist.ts";
import { dataUrl, mnistTest } from "./helpers/fixtures.ts";

const set = (name: string): EvalSet => EVAL_SETS.find((s) => s.name === name)!;

async function take(evalSet: EvalSet, count: number, seed = evalSet.seed): Promise<EvalImage[]> {
  const images: EvalImage[] = [];
  for await (const image of evalSet.images({ count, seed })) images.push(image);
  return images;
}

describe("the evaluation sets", () => {
  it("draw like the client: its pen width and its Konva tension", () => {
    const canvas = readFileSync(new URL("../client/src/draw/DrawingCanvas.tsx", import.meta.url), "utf8");
    const [, numerator, denominator] = /const STROKE = (\d+) \/ (\d+);/.exec(canvas) ?? [];
    expect(Number(numerator) / Number(denominator)).toBe(CLIENT_STROKE);
    expect(canvas).toContain(`tension={${CLIENT_TENSION}}`);
    expect(canvas).toMatch(/lineCap="round" lineJoin="round"/);
  });

  it("compute Konva's control points, and the spline passes through every point", () => {
    const points = [10, 20, 30, 25, 35, 50, 20, 70, 50, 90, 52, 91];
    const konva = new Line({ points, tension: CLIENT_TENSION }).getTensionPoints();
    tensionPoints(points, CLIENT_TENSION).forEach((value, i) => expect(value).toBeCloseTo(konva[i]!, 9));
    const path = konvaLinePath(points, CLIENT_TENSION, 1);
    for (let i = 0; i < points.length; i += 2) {
      const nearest = Math.min(...Array.from({ length: path.length / 2 }, (_, k) => Math.hypot(path[2 * k]! - points[i]!, path[2 * k + 1]! - points[i + 1]!)));
      expect(nearest).toBeLessThan(1e-9);
    }
  });

  it("stroke with round caps and a one-pixel anti-aliased edge", () => {
    // A line 10 px wide along y = 50.5: its edges run through the centres of rows 45 and 55.
    const { ink } = drawStrokes([[0.25, 0.505, 0.75, 0.505], [0.5, 0.2]], 100, 0.1);
    expect(ink[50 * 100 + 50]).toBe(1); // on the line
    expect(ink[46 * 100 + 50]).toBe(1);
    expect(ink[45 * 100 + 50]).toBeCloseTo(0.5, 5); // half covered, as a canvas edges it
    expect(ink[55 * 100 + 50]).toBeCloseTo(0.5, 5);
    expect(ink[44 * 100 + 50]).toBe(0);
    expect(ink[50 * 100 + 22]).toBeGreaterThan(0.9); // inside the round cap, beyond the end point
    expect(ink[50 * 100 + 19]).toBe(0); // past the cap
    // The tap: a disc of the pen's width, its area about pi r^2.
    const disc = Array.from({ length: 30 }, (_, y) => Array.from({ length: 30 }, (_, x) => ink[(5 + y) * 100 + 35 + x]!)).flat().reduce((a, b) => a + b, 0);
    expect(disc).toBeCloseTo(Math.PI * 25, -1);
  });

  it("trace a cross into two strokes through its junction, and a ring into one closed stroke", () => {
    const side = 40;
    const cross = Array.from({ length: side * side }, (_, p) => (Math.abs((p % side) - 20) <= 2 || Math.abs(Math.floor(p / side) - 20) <= 2 ? 1 : 0));
    const crossStrokes = traceStrokes(cross, side, side, { threshold: 0.5, spurLength: 4 });
    expect(crossStrokes).toHaveLength(2);
    const ring = Array.from({ length: side * side }, (_, p) => (Math.abs(Math.hypot((p % side) - 19.5, Math.floor(p / side) - 19.5) - 12) <= 2.5 ? 1 : 0));
    const [loop, ...rest] = traceStrokes(ring, side, side, { threshold: 0.5, spurLength: 4 });
    expect(rest).toHaveLength(0);
    expect(loop![0]).toEqual(loop!.at(-1));
    for (const [x, y] of loop!) expect(Math.abs(Math.hypot(x - 20, y - 20) - 12)).toBeLessThan(1.5);
  });

  it("measure the ink a tracing leaves out, so that a digit that lost a branch is not drawn", () => {
    const test = loadMnist("test");
    // The first 8 of the test set: traced whole, it is covered; with its longest stroke gone, it is not.
    const eight = Array.from(test.labels).indexOf(8);
    const strokes = digitStrokes(test, eight);
    expect(untracedInk(test, eight, strokes)).toBeLessThan(MAX_UNTRACED_INK);
    const longest = strokes.reduce((a, b) => (b.length > a.length ? b : a));
    expect(untracedInk(test, eight, strokes.filter((s) => s !== longest))).toBeGreaterThan(MAX_UNTRACED_INK);
  });

  it("scan coarsely: 8x8 cells of 17 grey levels, each shown as a block when scaled up by cell", () => {
    const test = mnistTest();
    const zoom = 6;
    const { ink, side } = coarseDigit(test, 0, { extent: 28, at: [0.5, 0.5], threshold: 0.5, zoom, smooth: false, style: "black-on-white" });
    expect(side).toBe(8 * zoom);
    const cells = new Set<number>();
    for (let y = 0; y < side; y++) {
      for (let x = 0; x < side; x++) {
        const value = ink[y * side + x]!;
        expect(Number.isInteger(value * 16)).toBe(true);
        expect(value).toBe(ink[Math.floor(y / zoom) * zoom * side + Math.floor(x / zoom) * zoom]);
        if (value > 0) cells.add(Math.floor(y / zoom) * 8 + Math.floor(x / zoom));
      }
    }
    // A 7 inked in part of its cells, not a blank or full grid.
    expect(test.labels[0]).toBe(7);
    expect(cells.size).toBeGreaterThan(8);
    expect(cells.size).toBeLessThan(40);
    const smooth = coarseDigit(test, 0, { extent: 28, at: [0.5, 0.5], threshold: 0.5, zoom, smooth: true, style: "black-on-white" });
    expect(smooth.ink.some((value) => !Number.isInteger(value * 16))).toBe(true);
  });

  it("are the same, byte for byte, from the same seed, and differ with another", async () => {
    for (const evalSet of EVAL_SETS) {
      const [first, second, other] = await Promise.all([take(evalSet, 3), take(evalSet, 3), take(evalSet, 3, evalSet.seed + 1)]);
      expect(first.map((image, i) => image.png.equals(second[i]!.png))).toEqual([true, true, true]);
      expect(first.map((i) => i.note)).toEqual(second.map((i) => i.note));
      expect(first[0]!.png.equals(other[0]!.png)).toBe(false);
    }
  });

  it("grow by adding images: a quick set is the start of the full one", async () => {
    for (const name of ["redrawn", "strokes", "coarse"]) {
      const [small, large] = await Promise.all([take(set(name), 2), take(set(name), 4)]);
      expect(small.map((i) => i.png.toString("base64"))).toEqual(large.slice(0, 2).map((i) => i.png.toString("base64")));
    }
  });

  it("yield MNIST test digits with their labels, in the promised families", async () => {
    const test = mnistTest();
    const promised = [
      ["redrawn", ["thin pen", "regular pen", "thick pen"]],
      ["strokes", ["mouse", "finger"]],
      ["coarse", ["scaled up by cell", "scaled up smoothly"]],
    ] as const;
    for (const [name, families] of promised) {
      const images = await take(set(name), 24);
      expect(new Set(images.map((i) => i.family))).toEqual(new Set(families));
      for (const image of images) {
        const index = Number(/^#(\d+) /.exec(image.note)?.[1]);
        expect(image.label).toBe(test.labels[index]);
      }
    }
  });

  it("yield every kind of not-a-digit drawing, none with a label", async () => {
    const count = 40;
    const images = await take(set("not-a-digit"), count);
    expect(images).toHaveLength(count);
    expect(images.every((i) => i.label === null)).toBe(true);
    const kinds = NOT_A_DIGIT_KINDS.map((k) => k.family);
    expect(kinds).toEqual(["dots", "lines", "scribbles", "filled", "letters", "pairs"]);
    expect(kindCounts(count).reduce((a, b) => a + b, 0)).toBe(count);
    expect(images.map((i) => i.family)).toEqual(kinds.flatMap((kind, k) => Array<string>(kindCounts(count)[k]!).fill(kind)));
    expect(kindCounts(set("not-a-digit").defaultCount).every((n) => n >= 40)).toBe(true);
  });

  it("make strokes images that preprocessing reads as one digit's worth of ink", async () => {
    const limits = loadConfig({});
    for (const image of await take(set("strokes"), 6)) {
      const decoded = await Jimp.fromBuffer(image.png);
      expect(decoded.bitmap.width).toBeGreaterThanOrEqual(240);
      expect(decoded.bitmap.data[0]).toBe(255); // a white canvas, as the client exports
      const { digit } = await prepareImage(dataUrl(image.png), limits);
      const mass = digit.pixels.reduce((a, b) => a + b, 0);
      expect(Math.max(...digit.pixels)).toBeCloseTo(1, 5);
      expect(mass).toBeGreaterThan(40);
      expect(mass).toBeLessThan(400);
      expect(digit.ink.extent).toBeGreaterThan(0.3);
    }
  });
});
