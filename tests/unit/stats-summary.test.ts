import { describe, expect, it } from "vitest";
import type { StatsGroup } from "../../api/src/db/stats.ts";
import { summariseStats } from "../../api/src/services/stats.service.ts";

const group = (predictedDigit: number, trueLabel: number, confidenceBucket: number, count: number, confidenceSum: number): StatsGroup =>
  ({ predictedDigit, trueLabel, confidenceBucket, count, confidenceSum });

/*
 * Twelve predictions: four 3s read right at 0.95, a 5 read as 3 at 0.65, two 5s read right at 0.85,
 * three unlabeled 7s at about 0.97, and two scribbles judged not a digit (bucket -1), one of them
 * labeled 1 all the same.
 */
const GROUPS = [
  group(3, 3, 9, 4, 3.8),
  group(3, 5, 6, 1, 0.65),
  group(5, 5, 8, 2, 1.7),
  group(7, -1, 9, 3, 2.9),
  group(1, -1, -1, 1, 0.3),
  group(4, 1, -1, 1, 0.4),
];

describe("summariseStats", () => {
  const stats = summariseStats(GROUPS);

  it("counts all predictions, and labeled and right ones among the digits", () => {
    expect(stats).toMatchObject({ total: 12, notDigits: 2, labeled: 7, correct: 6 });
    expect(stats.accuracy).toBeCloseTo(6 / 7, 12);
    expect(stats.averageConfidence).toBeCloseTo(9.75 / 12, 12);
  });

  it("keeps not-a-digit readings out of the digit statistics", () => {
    const digitsOnly = summariseStats(GROUPS.slice(0, 4));
    expect(digitsOnly.notDigits).toBe(0);
    const { total: _total, notDigits: _notDigits, averageConfidence: _averageConfidence, ...digitStats } = stats;
    expect(digitsOnly).toMatchObject(digitStats);
  });

  it("fills the confusion matrix from labeled predictions only, rows the true digit", () => {
    const expected = Array.from({ length: 10 }, () => Array<number>(10).fill(0));
    expected[3]![3] = 4;
    expected[5]![3] = 1;
    expected[5]![5] = 2;
    expect(stats.confusionMatrix).toEqual(expected);
  });

  it("gives precision and recall per digit, null where nothing was there to measure", () => {
    const byDigit = Object.fromEntries(stats.perDigit.map((d) => [d.digit, d]));
    expect(stats.perDigit.map((d) => d.digit)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    // Of the five labeled "3" answers four were 3s; every labeled 3 was found.
    expect(byDigit[3]).toEqual({ digit: 3, predicted: 5, support: 4, precision: 0.8, recall: 1 });
    // Every "5" answer was right; one of three 5s was missed.
    expect(byDigit[5]).toMatchObject({ digit: 5, predicted: 2, support: 3, precision: 1 });
    expect(byDigit[5]!.recall).toBeCloseTo(2 / 3, 12);
    // Predicted but never labeled: counted, but neither precision nor recall is known.
    expect(byDigit[7]).toEqual({ digit: 7, predicted: 3, support: 0, precision: null, recall: null });
    expect(byDigit[0]).toEqual({ digit: 0, predicted: 0, support: 0, precision: null, recall: null });
    // Not-a-digit readings count for no digit, whatever the network's top class or the label.
    expect(byDigit[1]).toEqual({ digit: 1, predicted: 0, support: 0, precision: null, recall: null });
    expect(byDigit[4]).toEqual({ digit: 4, predicted: 0, support: 0, precision: null, recall: null });
  });

  it("buckets labeled predictions by confidence and measures the calibration error", () => {
    expect(stats.calibration).toHaveLength(10);
    expect(stats.calibration.map((b) => [b.lower, b.upper])).toEqual(Array.from({ length: 10 }, (_, i) => [i / 10, (i + 1) / 10]));
    expect(stats.calibration.map((b) => b.count)).toEqual([0, 0, 0, 0, 0, 0, 1, 0, 2, 4]);
    const [six, eight, nine] = [stats.calibration[6]!, stats.calibration[8]!, stats.calibration[9]!];
    expect(six).toMatchObject({ accuracy: 0 });
    expect(six.averageConfidence).toBeCloseTo(0.65, 12);
    expect(eight).toMatchObject({ accuracy: 1 });
    expect(eight.averageConfidence).toBeCloseTo(0.85, 12);
    // The unlabeled 7s share bucket 9 but not its calibration.
    expect(nine).toMatchObject({ accuracy: 1 });
    expect(nine.averageConfidence).toBeCloseTo(0.95, 12);
    expect(stats.calibration[0]).toEqual({ lower: 0, upper: 0.1, count: 0, averageConfidence: null, accuracy: null });
    // Expected calibration error: sum over buckets of count x |accuracy - confidence|, over all labeled.
    expect(stats.expectedCalibrationError).toBeCloseTo((4 * 0.05 + 1 * 0.65 + 2 * 0.15) / 7, 12);
  });

  it("adds up groups that share a key", () => {
    const split = summariseStats([group(3, 3, 9, 1, 0.95), group(3, 3, 9, 3, 2.85), ...GROUPS.slice(1)]);
    expect(split).toEqual(stats);
  });

  it("gives zeros and nulls, not NaN, when there is nothing to count", () => {
    const empty = summariseStats([]);
    expect(empty).toMatchObject({ total: 0, notDigits: 0, labeled: 0, correct: 0, accuracy: null, averageConfidence: null, expectedCalibrationError: null });
    expect(empty.confusionMatrix.flat().every((n) => n === 0)).toBe(true);
    expect(empty.perDigit.every((d) => d.precision === null && d.recall === null)).toBe(true);

    const unlabeled = summariseStats([group(4, -1, 7, 2, 1.5)]);
    expect(unlabeled).toMatchObject({ total: 2, labeled: 0, accuracy: null, expectedCalibrationError: null, averageConfidence: 0.75 });
  });
});
