import { describe, expect, it } from "vitest";
import { promotionFailures } from "../../api/src/services/promotion-gates.ts";

const active = { version: "a", metrics: { mnistTest: 99.6, sets: { redrawn: 99.0, strokes: 98.0, "not-a-digit": 90.0 } } };

describe("promotion gates", () => {
  it("let a candidate through that loses at most 0.1 pt anywhere", () => {
    expect(promotionFailures({ mnistTest: 99.5, sets: { redrawn: 99.3, strokes: 97.9, "not-a-digit": 95 } }, active)).toEqual([]);
    expect(promotionFailures({ mnistTest: 50 }, null)).toEqual([]);
  });

  it("name every figure that drops more, or is missing", () => {
    const failures = promotionFailures({ mnistTest: 99.4, sets: { redrawn: 99.0, strokes: 97.5 } }, active);
    expect(failures).toHaveLength(3);
    expect(failures.join("\n")).toMatch(/MNIST test: 99.40 %/);
    expect(failures.join("\n")).toMatch(/strokes: 97.50 %/);
    expect(failures.join("\n")).toMatch(/not-a-digit: not measured/);
  });

  it("compare with the active version measured on the same images when the candidate carries that baseline", () => {
    const baseline = { version: "a", mnistTest: 99.0, sets: { redrawn: 98.0 }, corrections: { images: 40, accuracy: 50 } };
    expect(promotionFailures({ mnistTest: 98.95, sets: { redrawn: 98.0 }, corrections: { images: 40, accuracy: 90 }, baseline }, active)).toEqual([]);
    const worse = promotionFailures({ mnistTest: 99.0, sets: { redrawn: 98.0 }, corrections: { images: 40, accuracy: 45 }, baseline }, active);
    expect(worse).toEqual([expect.stringMatching(/corrections: 45.00 % on 40 held-out corrections, below the active version's 50.00 %/)]);
  });

  it("do not trust a baseline of another version", () => {
    const stale = { version: "old", mnistTest: 90, corrections: { images: 40, accuracy: 10 } };
    const failures = promotionFailures({ mnistTest: 99.6, sets: active.metrics.sets, corrections: { images: 40, accuracy: 80 }, baseline: stale }, active);
    expect(failures).toEqual([expect.stringMatching(/not measured on the same held-out corrections/)]);
  });
});
