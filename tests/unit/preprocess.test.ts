import { describe, expect, it } from "vitest";
import type { Bitmap } from "../../api/src/inference/decode-image.ts";
import { ImageRejected } from "../../api/src/inference/image-rejected.ts";
import { inkMap, INPUT_SIDE, toMnistDigit } from "../../api/src/inference/preprocess.ts";
import { judge, VERDICT_RULES } from "../../api/src/services/verdict.ts";

type Style = "black-on-white" | "white-on-black" | "ink-on-transparent";

/** An RGBA bitmap holding `ink` (0..1 per pixel) the way a canvas in `style` would. */
function canvas(width: number, height: number, ink: (x: number, y: number) => number, style: Style = "black-on-white"): Bitmap {
  const data = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const level = Math.round(ink(x, y) * 255);
      const i = (y * width + x) * 4;
      if (style === "ink-on-transparent") {
        data.set([20, 20, 20, level], i);
      } else {
        const grey = style === "black-on-white" ? 255 - level : level;
        data.set([grey, grey, grey, 255], i);
      }
    }
  }
  return { width, height, data };
}

const inside = (x0: number, y0: number, x1: number, y1: number) => (x: number, y: number) => (x >= x0 && x <= x1 && y >= y0 && y <= y1 ? 1 : 0);

/** Centre of mass of a 28x28 digit, in pixel coordinates. */
function centreOfMass(digit: Float32Array): { x: number; y: number } {
  let mass = 0, x = 0, y = 0;
  digit.forEach((v, i) => { mass += v; x += v * (i % INPUT_SIDE); y += v * Math.floor(i / INPUT_SIDE); });
  return { x: x / mass, y: y / mass };
}

/** Rows and columns of a 28x28 digit that hold any ink. */
function inkExtent(digit: Float32Array): { width: number; height: number } {
  const xs = new Set<number>(), ys = new Set<number>();
  digit.forEach((v, i) => { if (v > 0) { xs.add(i % INPUT_SIDE); ys.add(Math.floor(i / INPUT_SIDE)); } });
  return { width: xs.size, height: ys.size };
}

describe("toMnistDigit", () => {
  it("moves a bar drawn in a corner to the middle, centre of mass at (14, 14), longest side 20 px", () => {
    // A vertical bar 10 x 60 px in the top-left corner of a 200 x 200 canvas.
    const digit = toMnistDigit(canvas(200, 200, inside(10, 5, 19, 64))).pixels;
    expect(digit).toHaveLength(INPUT_SIDE * INPUT_SIDE);
    const centre = centreOfMass(digit);
    expect(Math.abs(centre.x - 14)).toBeLessThanOrEqual(1);
    expect(Math.abs(centre.y - 14)).toBeLessThanOrEqual(1);
    // Aspect ratio kept: 60 tall becomes 20, 10 wide becomes 10 / 3.
    expect(inkExtent(digit)).toEqual({ width: 3, height: 20 });
    expect(Math.max(...digit)).toBe(1);
    expect(Math.min(...digit)).toBe(0);
  });

  it("gives the same digit, and the same ink summary, wherever and however large the drawing is", () => {
    const small = toMnistDigit(canvas(100, 100, inside(60, 10, 79, 49)));
    const large = toMnistDigit(canvas(200, 200, inside(20, 100, 59, 179)));
    expect([...large.pixels]).toEqual([...small.pixels]);
    expect(large.ink).toEqual(small.ink);
  });

  it("reads black on white, white on black and ink on transparent alike", () => {
    // A ring with a soft edge: fractional ink must come out the same in every style.
    const ring = (x: number, y: number) => {
      const r = Math.hypot(x - 70, y - 50);
      return r >= 20 && r <= 30 ? (r < 22 || r > 28 ? 0.6 : 1) : 0;
    };
    const [onWhite, onBlack, onNothing] = (["black-on-white", "white-on-black", "ink-on-transparent"] as const).map((style) => toMnistDigit(canvas(140, 100, ring, style)).pixels);
    for (let i = 0; i < onWhite!.length; i++) {
      expect(onBlack![i]).toBeCloseTo(onWhite![i]!, 5);
      expect(onNothing![i]).toBeCloseTo(onWhite![i]!, 5);
    }
    expect(Math.max(...onWhite!)).toBe(1);
  });

  it("summarises the ink: how much of the canvas it spans, how much of its box it fills, in how many parts", () => {
    const bar = toMnistDigit(canvas(200, 200, inside(10, 5, 19, 64))).ink;
    expect(bar.extent).toBeCloseTo(60 / 200, 12);
    expect(bar.fill).toBeCloseTo(1, 5);
    expect(bar.parts).toBe(1);
    const twoBars = toMnistDigit(canvas(200, 200, (x, y) => inside(20, 20, 39, 119)(x, y) || inside(120, 20, 139, 119)(x, y))).ink;
    expect(twoBars.parts).toBe(2);
    expect(twoBars.fill).toBeLessThan(0.5);
    const dot = toMnistDigit(canvas(280, 280, inside(140, 140, 143, 143))).ink;
    expect(dot.extent).toBeCloseTo(4 / 280, 12);
  });

  it("refuses a canvas with no ink as EMPTY_CANVAS, whatever its background", () => {
    const blank = (style: Style) => canvas(50, 50, () => 0, style);
    const faint = canvas(50, 50, inside(10, 10, 40, 40)).data.map((v, i) => (i % 4 === 3 ? v : Math.max(v, 240))); // a smudge below the ink threshold
    for (const bitmap of [blank("black-on-white"), blank("white-on-black"), blank("ink-on-transparent"), { width: 50, height: 50, data: faint }]) {
      let thrown: unknown;
      try {
        toMnistDigit(bitmap);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(ImageRejected);
      expect(thrown).toMatchObject({ code: "EMPTY_CANVAS" });
    }
  });
});

describe("inkMap", () => {
  it("reads ink as the distance from the background colour found on the border", () => {
    const bar = inside(2, 2, 3, 5);
    const onWhite = inkMap(canvas(8, 8, bar, "black-on-white"));
    const onBlack = inkMap(canvas(8, 8, bar, "white-on-black"));
    const transparent = inkMap(canvas(8, 8, bar, "ink-on-transparent"));
    for (const ink of [onWhite, onBlack, transparent]) {
      expect(ink[2 * 8 + 2]).toBeCloseTo(1, 5);
      expect(ink[0]).toBe(0);
      expect(ink.reduce((a, b) => a + b, 0)).toBeCloseTo(8, 4);
    }
  });

  it("measures ink on a grey background relative to it, and ignores ink lighter than a dark-ink background", () => {
    // Mid-grey paper (luma 200) with a black stroke and a white one: only the black one is ink.
    const data = new Uint8Array(4 * 4 * 4).fill(200);
    for (let p = 0; p < 16; p++) data[p * 4 + 3] = 255;
    data.set([0, 0, 0, 255], (1 * 4 + 1) * 4);
    data.set([255, 255, 255, 255], (2 * 4 + 2) * 4);
    const ink = inkMap({ width: 4, height: 4, data });
    expect(ink[1 * 4 + 1]).toBeCloseTo(1, 5);
    expect(ink[2 * 4 + 2]).toBe(0);
    expect(ink[0]).toBe(0);
  });
});

describe("the ink summary's dot below the body", () => {
  const either = (...shapes: Array<(x: number, y: number) => number>) => (x: number, y: number) => Math.max(...shapes.map((shape) => shape(x, y)));
  const dotBelow = (ink: (x: number, y: number) => number) => toMnistDigit(canvas(200, 200, ink)).ink.dotBelow;

  it("finds the dot of an exclamation mark, and judge() calls it no digit", () => {
    const ink = toMnistDigit(canvas(200, 200, either(inside(94, 30, 105, 119), inside(93, 140, 106, 153)))).ink;
    expect(ink.dotBelow).toBeGreaterThan(0);
    expect(ink.dotBelow).toBeLessThanOrEqual(VERDICT_RULES.maxDotBelow);
    expect(judge({ confidence: 0.99, notADigit: null }, ink)).toEqual({ verdict: "NOT_A_DIGIT", reason: "dot-below" });
  });

  it("finds none over the body (an i's dot, a 5's flag) or beside it, and measures a detached base as long as it is", () => {
    expect(dotBelow(either(inside(93, 20, 106, 33), inside(94, 55, 105, 150)))).toBe(0);
    // A 5's flag drawn apart from its body: above and to the right.
    expect(dotBelow(either(inside(70, 40, 82, 150), inside(95, 30, 150, 41)))).toBe(0);
    expect(dotBelow(either(inside(40, 40, 52, 150), inside(120, 130, 132, 150)))).toBe(0);
    // A 1 whose foot does not meet its stem: a part below, but a stroke, not a dot.
    const foot = dotBelow(either(inside(94, 20, 105, 130), inside(60, 145, 140, 156)));
    expect(foot).toBeGreaterThan(VERDICT_RULES.maxDotBelow);
  });
});
