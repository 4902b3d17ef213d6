import type { PrismaClient } from "../generated/prisma/client.ts";
import { loadDayCounts, loadModelStatsGroups, loadStatsGroups, type DayCounts, type StatsGroup, type StatsSpan } from "../db/stats.ts";

/** How one digit fares, from labeled predictions. */
export interface DigitStats {
  digit: number;
  predicted: number;
  support: number;
  precision: number | null;
  recall: number | null;
}

/** Labeled predictions whose confidence fell in [lower, upper). */
export interface CalibrationBucket {
  lower: number;
  upper: number;
  count: number;
  averageConfidence: number | null;
  accuracy: number | null;
}

/** One day's predictions and how many of its labeled digits were right. */
export interface DayStats extends DayCounts {
  accuracy: number | null;
}

/** How good the model really is on people's drawings (the GraphQL Stats type has these fields). */
export interface StatsSummary {
  total: number;
  notDigits: number;
  labeled: number;
  correct: number;
  accuracy: number | null;
  averageConfidence: number | null;
  perDigit: DigitStats[];
  confusionMatrix: number[][];
  calibration: CalibrationBucket[];
  expectedCalibrationError: number | null;
  /** Oldest first; empty for one model version's figures, which are kept without days. */
  daily: DayStats[];
}

const DIGITS = Array.from({ length: 10 }, (_, d) => d);
const ratio = (part: number, whole: number) => (whole > 0 ? part / whole : null);

/** Turns grouped counts (at most 10 x 11 x 11 groups) into the Stats the API returns. */
export function summariseStats(groups: StatsGroup[], days: DayCounts[] = []): StatsSummary {
  const confusionMatrix = DIGITS.map(() => DIGITS.map(() => 0));
  const predicted = DIGITS.map(() => 0);
  const buckets = DIGITS.map(() => ({ count: 0, confidenceSum: 0, correct: 0 }));
  let total = 0, labeled = 0, correct = 0, confidenceSum = 0, notDigits = 0;

  for (const g of groups) {
    total += g.count;
    confidenceSum += g.confidenceSum;
    // Not-a-digit readings (bucket -1) are counted apart: accuracy and calibration are about digits.
    if (g.confidenceBucket < 0) {
      notDigits += g.count;
      continue;
    }
    predicted[g.predictedDigit]! += g.count;
    if (g.trueLabel < 0) continue;
    labeled += g.count;
    confusionMatrix[g.trueLabel]![g.predictedDigit]! += g.count;
    const bucket = buckets[g.confidenceBucket]!;
    bucket.count += g.count;
    bucket.confidenceSum += g.confidenceSum;
    if (g.trueLabel === g.predictedDigit) {
      correct += g.count;
      bucket.correct += g.count;
    }
  }

  const perDigit: DigitStats[] = DIGITS.map((d) => {
    const labeledAsPredicted = DIGITS.reduce((sum, t) => sum + confusionMatrix[t]![d]!, 0);
    const support = confusionMatrix[d]!.reduce((a, b) => a + b, 0);
    const hits = confusionMatrix[d]![d]!;
    return { digit: d, predicted: predicted[d]!, support, precision: ratio(hits, labeledAsPredicted), recall: ratio(hits, support) };
  });

  const calibration: CalibrationBucket[] = buckets.map((b, i) => ({
    lower: i / 10,
    upper: (i + 1) / 10,
    count: b.count,
    averageConfidence: ratio(b.confidenceSum, b.count),
    accuracy: ratio(b.correct, b.count),
  }));
  const calibrationGap = buckets.reduce((sum, b) => sum + Math.abs(b.correct - b.confidenceSum), 0);

  return {
    total,
    notDigits,
    labeled,
    correct,
    accuracy: ratio(correct, labeled),
    averageConfidence: ratio(confidenceSum, total),
    perDigit,
    confusionMatrix,
    calibration,
    expectedCalibrationError: ratio(calibrationGap, labeled),
    daily: dailyStats(days),
  };
}

/** Day counts as accuracy by day, oldest first. */
const dailyStats = (days: DayCounts[]): DayStats[] =>
  days.map((d) => ({ ...d, accuracy: ratio(d.correct, d.labeled) })).sort((a, b) => a.day.localeCompare(b.day));

/**
 * Statistics of every prediction, or of those made in a span (whole UTC hours: from since's to the
 * end of until's). `days: false` leaves `daily` empty, for a caller that loads it only when asked.
 */
export async function loadStats(prisma: PrismaClient, span: StatsSpan = {}, { days = true } = {}): Promise<StatsSummary> {
  const [groups, counts] = await Promise.all([loadStatsGroups(prisma, span), days ? loadDayCounts(prisma, span) : []]);
  return summariseStats(groups, counts);
}

/** Accuracy by day alone (the last days of a span, see loadDayCounts). */
export async function loadDailyStats(prisma: PrismaClient, span: StatsSpan = {}): Promise<DayStats[]> {
  return dailyStats(await loadDayCounts(prisma, span));
}

/** The same figures for the predictions one model version made (all time). */
export async function loadModelStats(prisma: PrismaClient, modelVersion: string): Promise<StatsSummary> {
  return summariseStats(await loadModelStatsGroups(prisma, modelVersion));
}
