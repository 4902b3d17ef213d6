import { coarseSet } from "./coarse-set.ts";
import type { EvalSet } from "./eval-set.ts";
import { notADigitSet } from "./not-a-digit-set.ts";
import { redrawnSet } from "./redrawn-set.ts";
import { strokesSet } from "./strokes-set.ts";

/** The evaluation sets, in the order `npm run evaluate` runs and prints them. */
export const EVAL_SETS: readonly EvalSet[] = [redrawnSet, strokesSet, coarseSet, notADigitSet];
