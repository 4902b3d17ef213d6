import { describe, expect, it } from "vitest";
import { readingVerdict, VERDICT_RULES } from "../../api/src/services/verdict.ts";
import { ReadingTally } from "../../scripts/eval/reading-tally.ts";
import { prng } from "../../scripts/lib/pipeline-check.ts";

describe("the tuner's tally of reading verdicts", () => {
  const next = prng(7);
  const size = 3000;
  const groupSize = [1000, 1500, 500];
  const group = Uint8Array.from({ length: size }, (_, i) => (i < 1000 ? 0 : i < 2500 ? 1 : 2));
  // Confidences and doubts that also land exactly on thresholds, where < and >= differ.
  const onGrid = [0.3, 0.5, 0.6, 0.9, 0.95];
  const confidence = Float64Array.from({ length: size }, () => (next() < 0.1 ? onGrid[Math.floor(next() * onGrid.length)]! : 0.2 + 0.8 * next()));
  const doubt = Float64Array.from({ length: size }, (_, i) => (i % 7 === 0 ? Number.NEGATIVE_INFINITY : next() < 0.1 ? 0.5 : next()));
  const inkFlagged = Uint8Array.from({ length: size }, () => Number(next() < 0.05));
  const cuts = { below: [0.3, 0.5, 0.6], unsure: [0.6, 0.9, 0.95], above: [0.4, 0.5, 0.9, 1] };

  it("counts as readingVerdict() decides, for every rule set on its grid", () => {
    const tally = new ReadingTally(group, groupSize, confidence, doubt, [...cuts.below, ...cuts.unsure], cuts.above);
    tally.setInk(inkFlagged);
    for (const notADigitBelow of cuts.below) {
      for (const unsureBelow of cuts.unsure) {
        for (const notADigitAbove of cuts.above) {
          const counted = groupSize.map(() => ({ notADigit: 0, unsure: 0 }));
          for (let i = 0; i < size; i++) {
            const verdict = inkFlagged[i]
              ? "NOT_A_DIGIT"
              : readingVerdict({ confidence: confidence[i]!, notADigit: doubt[i]! }, { ...VERDICT_RULES, notADigitBelow, unsureBelow, notADigitAbove }).verdict;
            if (verdict === "NOT_A_DIGIT") counted[group[i]!]!.notADigit++;
            if (verdict === "UNSURE") counted[group[i]!]!.unsure++;
          }
          const expected = counted.map((c, g) => ({ notADigit: (100 * c.notADigit) / groupSize[g]!, unsure: (100 * c.unsure) / groupSize[g]! }));
          expect(tally.rates(notADigitBelow, unsureBelow, notADigitAbove)).toEqual(expected);
        }
      }
    }
  });

  it("refuses a threshold that is not on its grid", () => {
    const tally = new ReadingTally(group, groupSize, confidence, doubt, [0.5, 0.9], [1]);
    tally.setInk(inkFlagged);
    expect(() => tally.rates(0.55, 0.9, 1)).toThrow(/not a threshold/);
  });
});
