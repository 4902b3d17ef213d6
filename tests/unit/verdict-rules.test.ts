import { describe, expect, it } from "vitest";
import type { InkSummary } from "../../api/src/inference/ink-summary.ts";
import { judge, VERDICT_RULES } from "../../api/src/services/verdict.ts";

const digit: InkSummary = { extent: 0.6, fill: 0.3, aspect: 0.7, widthRatio: 0.7, parts: 1, lengthInPens: 8, dotBelow: 0 };
const sure = { confidence: 0.99, notADigit: null };

describe("the verdict's ink rules", () => {
  it("reads two parts side by side as several things, and a digit in two strokes as a digit", () => {
    // "42": two parts, twice as wide as tall.
    expect(judge(sure, { ...digit, parts: 2, widthRatio: 2, aspect: 0.5 })).toEqual({ verdict: "NOT_A_DIGIT", reason: "several-parts" });
    // A 5 whose flag does not meet its body: two parts, taller than wide.
    expect(judge(sure, { ...digit, parts: 2, widthRatio: 0.8 })).toEqual({ verdict: "CONFIDENT", reason: "confidence" });
    // One wide stroke (a long 7's bar) is left to the network.
    expect(judge(sure, { ...digit, parts: 1, widthRatio: 2 }).verdict).toBe("CONFIDENT");
    expect(VERDICT_RULES.maxPartsWidthRatio).toBeLessThan(2);
  });

  it("calls a drawing with a dot under it (\"!\", \"?\") no digit, however sure the network is, unless the mark is a stroke", () => {
    expect(judge(sure, { ...digit, parts: 1, dotBelow: 3 })).toEqual({ verdict: "NOT_A_DIGIT", reason: "dot-below" });
    expect(judge(sure, { ...digit, dotBelow: VERDICT_RULES.maxDotBelow + 1 }).verdict).toBe("CONFIDENT");
    expect(judge(sure, { ...digit, dotBelow: 3 }, { ...VERDICT_RULES, maxDotBelow: 0 }).verdict).toBe("CONFIDENT");
  });

  it("keeps the calibrated confidence's bands", () => {
    expect(judge({ confidence: VERDICT_RULES.notADigitBelow - 0.01, notADigit: null }, digit).verdict).toBe("NOT_A_DIGIT");
    expect(judge({ confidence: VERDICT_RULES.unsureBelow - 0.01, notADigit: null }, digit).verdict).toBe("UNSURE");
    expect(judge({ confidence: VERDICT_RULES.unsureBelow, notADigit: null }, digit).verdict).toBe("CONFIDENT");
    expect(judge(sure, { ...digit, extent: VERDICT_RULES.minExtent / 2 })).toEqual({ verdict: "NOT_A_DIGIT", reason: "too-little-ink" });
  });

  it("calls ink a dash when it is only a pen width or two long, however large it was drawn", () => {
    expect(judge(sure, { ...digit, extent: 0.9, lengthInPens: 1.6 })).toEqual({ verdict: "NOT_A_DIGIT", reason: "too-little-ink" });
    expect(judge(sure, { ...digit, lengthInPens: VERDICT_RULES.minLengthInPens + 1 }).verdict).toBe("CONFIDENT");
  });

  it("calls a drawing no digit when the model's own not-a-digit output says so, and keeps the ink rules first", () => {
    const rules = { ...VERDICT_RULES, notADigitAbove: 0.6 };
    expect(judge({ confidence: 0.99, notADigit: 0.7 }, digit, rules)).toEqual({ verdict: "NOT_A_DIGIT", reason: "not-a-digit-output" });
    expect(judge({ confidence: 0.99, notADigit: 0.5 }, digit, rules)).toEqual({ verdict: "CONFIDENT", reason: "confidence" });
    // A model without that output is judged by its confidence alone.
    expect(judge({ confidence: 0.99, notADigit: null }, digit, rules).verdict).toBe("CONFIDENT");
    expect(judge({ confidence: 0.99, notADigit: 0.9 }, { ...digit, lengthInPens: 1 }, rules)).toEqual({ verdict: "NOT_A_DIGIT", reason: "too-little-ink" });
  });
});
