import type { Measured, ModelMetrics } from "../domain/model-version.ts";

/** How much lower than the active version a candidate may score on any figure, in points. */
export const GATE_TOLERANCE_POINTS = 0.1;

const pct = (value: number) => `${value.toFixed(2)} %`;

/**
 * Why a candidate may not replace the active version (empty: it may). It may lose at most
 * GATE_TOLERANCE_POINTS on MNIST test and on each evaluation set, and must not be worse on the
 * corrections' held-out slice. It is compared with the active version measured on the same
 * images when its metrics carry that (`baseline`), else with the active version's own figures.
 */
export function promotionFailures(candidate: ModelMetrics, active: { version: string; metrics: ModelMetrics } | null): string[] {
  if (!active) return [];
  const reference: Measured = candidate.baseline?.version === active.version ? candidate.baseline : active.metrics;
  const failures: string[] = [];
  const compare = (name: string, mine: number | undefined, theirs: number | undefined) => {
    if (theirs === undefined) return;
    if (mine === undefined) failures.push(`${name}: not measured (the active version has ${pct(theirs)})`);
    else if (mine < theirs - GATE_TOLERANCE_POINTS) failures.push(`${name}: ${pct(mine)}, more than ${GATE_TOLERANCE_POINTS} pt below the active version's ${pct(theirs)}`);
  };
  compare("MNIST test", candidate.mnistTest, reference.mnistTest);
  for (const [set, value] of Object.entries(reference.sets ?? {})) compare(`evaluation set ${set}`, candidate.sets?.[set], value);
  if (candidate.corrections) {
    const theirs = reference.corrections;
    if (!theirs) failures.push(`corrections: the active version ${active.version} was not measured on the same held-out corrections; retrain against it`);
    else if (candidate.corrections.accuracy < theirs.accuracy) {
      failures.push(`corrections: ${pct(candidate.corrections.accuracy)} on ${candidate.corrections.images} held-out corrections, below the active version's ${pct(theirs.accuracy)}`);
    }
  }
  return failures;
}
