import type { StatsFieldsFragment } from "../gql/graphql.ts";

/**
 * Calibration is shown from this many labeled digits: with fewer, one drawing moves a bucket by
 * tens of points, and the chart says more about chance than about the model.
 */
export const CALIBRATION_MIN_LABELS = 20;
/** A bucket with fewer labeled digits is drawn faint, with its count, rather than as a full bar. */
export const BUCKET_MIN_COUNT = 5;

/** Mean confidence over the labeled digits (the ones accuracy is measured on), from the calibration buckets. */
export function labeledConfidence(buckets: StatsFieldsFragment["calibration"]): number | null {
  let count = 0, sum = 0;
  for (const b of buckets) {
    count += b.count;
    sum += (b.averageConfidence ?? 0) * b.count;
  }
  return count > 0 ? sum / count : null;
}
