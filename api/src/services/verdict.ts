import type { Verdict } from "../domain/prediction.ts";
import type { Classification } from "../inference/classifier.ts";
import type { InkSummary } from "../inference/ink-summary.ts";

/**
 * How sure the app is of a reading, from the calibrated confidence and the shape of the ink.
 * Confidences are calibrated (temperature scaling), so the thresholds mean what they say: of
 * readings at 0.9, about nine in ten are right. The numbers are chosen for the served model by
 * `npm run tune-verdicts`, on the validation split and drawings made from it, never on the
 * evaluation sets.
 */
export const VERDICT_RULES = {
  /** Below this calibrated confidence the reading is a guess: it is no digit the model knows. */
  notADigitBelow: 0.3,
  /**
   * At or above this probability from the model's own not-a-digit output (for a model that has
   * one) it is no digit, however sure the ten digit outputs are.
   */
  notADigitAbove: 0.3,
  /** Below this it is a digit, but which one is in doubt: show the top two. */
  unsureBelow: 0.95,
  /** Ink spanning less of the canvas than this is a dot or a speck, whatever the network says. */
  minExtent: 0.04,
  /** Ink shorter than this many widths of its own pen is a dot or a dash, however large the pen (no digit is that stubby). */
  minLengthInPens: 2.5,
  /** Ink filling more of its box than this is a coloured-in area; strokes of a digit fill far less... */
  maxFill: 0.75,
  /** ...unless the box is narrow: a 1 drawn with a thick pen fills most of its thin box. */
  minFilledAspect: 0.5,
  /**
   * Separate parts beyond this are several things (two digits and a scribble); two parts are
   * often one digit drawn in two strokes that do not meet (a 5's flag, a 4's bar).
   */
  maxParts: 2,
  /**
   * Two or more parts in a box wider than tall by more than this are things side by side ("42"),
   * not one digit with a stroke that does not meet.
   */
  maxPartsWidthRatio: 1.8,
  /**
   * A separate mark this small (in pixels of the 28x28 digit) below the body is the dot of a "!"
   * or a "?", which the network reads as a 1 or a 7; 0 turns the rule off.
   */
  maxDotBelow: 4,
} as const;

/** A set of thresholds of the same shape (scripts/tune-verdicts.ts tries others). */
export type VerdictRules = { [Rule in keyof typeof VERDICT_RULES]: number };

export type VerdictReason = "confidence" | "not-a-digit-output" | "too-little-ink" | "filled-area" | "several-parts" | "dot-below";

/** Why the ink alone says NOT_A_DIGIT, whatever the network reads; null when it could be a digit. */
export function inkVerdict(ink: InkSummary, rules: VerdictRules = VERDICT_RULES): VerdictReason | null {
  if (ink.extent < rules.minExtent || ink.lengthInPens < rules.minLengthInPens) return "too-little-ink";
  if (ink.fill > rules.maxFill && ink.aspect >= rules.minFilledAspect) return "filled-area";
  if (ink.parts > rules.maxParts) return "several-parts";
  if (ink.parts >= 2 && ink.widthRatio > rules.maxPartsWidthRatio) return "several-parts";
  if (ink.dotBelow > 0 && ink.dotBelow <= rules.maxDotBelow) return "dot-below";
  return null;
}

/** The verdict from the network's outputs, for ink that could be a digit. */
export function readingVerdict(result: Pick<Classification, "confidence" | "notADigit">, rules: VerdictRules = VERDICT_RULES): { verdict: Verdict; reason: VerdictReason } {
  if (result.confidence < rules.notADigitBelow) return { verdict: "NOT_A_DIGIT", reason: "confidence" };
  if (result.notADigit !== null && result.notADigit >= rules.notADigitAbove) return { verdict: "NOT_A_DIGIT", reason: "not-a-digit-output" };
  return { verdict: result.confidence < rules.unsureBelow ? "UNSURE" : "CONFIDENT", reason: "confidence" };
}

/** The verdict, and what decided it (for evaluation and logs): the ink's rules first, then the network's outputs. */
export function judge(result: Pick<Classification, "confidence" | "notADigit">, ink: InkSummary, rules: VerdictRules = VERDICT_RULES): { verdict: Verdict; reason: VerdictReason } {
  const reason = inkVerdict(ink, rules);
  return reason ? { verdict: "NOT_A_DIGIT", reason } : readingVerdict(result, rules);
}
