import type { ModelMetrics } from "../domain/model-version.ts";

/** How much lower than the active version a candidate may score on any figure, in points. */
export const GATE_TOLERANCE_POINTS = 0.1;

const pct = (value: number) => `${value.toFixed(2)} %`;

/**
 * Why a candidate may not replace the active version (empty: it may). It may lose at most
 * GATE_TOLERANCE_POINTS on MNIST test and on each evaluation set the active version was measured
 * on, and must not be worse on the corrections' evaluation slice, measured against this very
 * active version.
 */
export function promotionFailures(candidate: ModelMetrics, active: { version: string; metrics: ModelMetrics } | null): string[] {
  if (!active) return [];
  const failures: string[] = [];
  const compare = (name: string, mine: number | undefined, theirs: number | undefined) => {
    if (theirs === undefined) return;
    if (mine === undefined) failures.push(`${name}: not measured (the active version has ${pct(theirs)})`);
    else if (mine < theirs - GATE_TOLERANCE_POINTS) failures.push(`${name}: ${pct(mine)}, more than ${GATE_TOLERANCE_POINTS} pt below the active version's ${pct(theirs)}`);
  };
  compare("MNIST test", candidate.mnistTest, active.metrics.mnistTest);
  for (const [set, value] of Object.entries(active.metrics.sets ?? {})) compare(`evaluation set ${set}`, candidate.sets?.[set], value);
  const corrections = candidate.corrections;
  if (corrections) {
    if (corrections.activeVersion !== active.version) {
      failures.push(`corrections: compared with ${corrections.activeVersion}, not with the active version ${active.version}; retrain or evaluate again`);
    } else if (corrections.accuracy < corrections.activeAccuracy) {
      failures.push(`corrections: ${pct(corrections.accuracy)} on ${corrections.images} held-out corrections, below the active version's ${pct(corrections.activeAccuracy)}`);
    }
  }
  return failures;
}
