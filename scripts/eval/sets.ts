import { coarseSet } from "./coarse-set.ts";
import type { EvalSet } from "./eval-set.ts";
import { notADigitSet } from "./not-a-digit-set.ts";
import { redrawnSet } from "./redrawn-set.ts";
import { strokesSet } from "./strokes-set.ts";

/** The evaluation sets, in the order `npm run evaluate` runs and prints them. */
export const EVAL_SETS: readonly EvalSet[] = [redrawnSet, strokesSet, coarseSet, notADigitSet];

/**
 * Added to each set's seed when a set is drawn from the validation split instead of the test set:
 * other seeds, so no validation drawing repeats an evaluation image's drawing.
 */
export const VALIDATION_SEED_OFFSET = 1000;
