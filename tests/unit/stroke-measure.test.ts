import { describe, expect, it } from "vitest";
import { lengthInPens, MEASURE_SIDE } from "../../api/src/inference/stroke-measure.ts";

/** A MEASURE_SIDE-long box holding one capsule (a round pen's stroke) from (x0, y0) to (x1, y1). */
function stroke(height: number, pen: number, [x0, y0]: [number, number], [x1, y1]: [number, number]): Float32Array {
  const ink = new Float32Array(MEASURE_SIDE * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < MEASURE_SIDE; x++) {
      const dx = x1 - x0, dy = y1 - y0;
      const t = Math.max(0, Math.min(1, ((x + 0.5 - x0) * dx + (y + 0.5 - y0) * dy) / (dx * dx + dy * dy || 1)));
      const distance = Math.hypot(x + 0.5 - (x0 + t * dx), y + 0.5 - (y0 + t * dy));
      if (distance <= pen / 2) ink[y * MEASURE_SIDE + x] = 1;
    }
  }
  return ink;
}

describe("the ink's length in pen widths", () => {
  it("reads a dot as about one pen long and a dash as about two", () => {
    const dot = stroke(MEASURE_SIDE, MEASURE_SIDE, [32, 32], [32, 32]);
    expect(lengthInPens(dot, MEASURE_SIDE, MEASURE_SIDE)).toBeLessThan(1.6);
    // A dash half a pen longer than wide on either side: its box is 64 x 32.
    const dash = stroke(32, 32, [16, 16], [48, 16]);
    expect(lengthInPens(dash, MEASURE_SIDE, 32)).toBeGreaterThan(1.6);
    expect(lengthInPens(dash, MEASURE_SIDE, 32)).toBeLessThan(2.5);
  });

  it("reads a stroke by its own pen: long and thin is many pens long, whatever its slope", () => {
    const upright = stroke(MEASURE_SIDE, 6, [32, 3], [32, 61]);
    expect(lengthInPens(upright, MEASURE_SIDE, MEASURE_SIDE)).toBeGreaterThan(8);
    expect(lengthInPens(upright, MEASURE_SIDE, MEASURE_SIDE)).toBeLessThan(14);
    const diagonal = stroke(MEASURE_SIDE, 6, [3, 3], [61, 61]);
    expect(lengthInPens(diagonal, MEASURE_SIDE, MEASURE_SIDE)).toBeGreaterThan(8);
  });

  it("is zero for a box with no ink", () => {
    expect(lengthInPens(new Float32Array(MEASURE_SIDE * MEASURE_SIDE), MEASURE_SIDE, MEASURE_SIDE)).toBe(0);
  });
});
