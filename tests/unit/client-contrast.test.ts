import { describe, expect, it } from "vitest";
import { contrast, overWhite, textOn } from "../../client/src/stats/contrast.ts";

describe("text on the confusion matrix's cells", () => {
  it("measures contrast as WCAG does", () => {
    expect(contrast([0, 0, 0], [255, 255, 255])).toBeCloseTo(21, 5);
    expect(contrast([255, 255, 255], [255, 255, 255])).toBeCloseTo(1, 5);
  });

  it("picks dark or white text that reads at 4.5:1 or better on every cell shade", () => {
    for (const hue of [[21, 128, 61], [185, 28, 28]] as const) {
      for (let alpha = 0.15; alpha <= 1; alpha += 0.05) {
        const cell = overWhite(hue, alpha);
        const text = textOn(cell) === "dark" ? ([0, 0, 0] as const) : ([255, 255, 255] as const);
        expect(contrast(text, cell), `${hue} at ${alpha.toFixed(2)}`).toBeGreaterThanOrEqual(4.5);
      }
    }
  });
});
