import type { PrismaClient } from "../generated/prisma/client.ts";

/** Predictions counted by (predicted digit, true label or -1, confidence tenth). */
export interface StatsGroup {
  predictedDigit: number;
  trueLabel: number;
  confidenceBucket: number;
  count: number;
  confidenceSum: number;
}

interface RawGroup {
  predicted_digit: number;
  true_label: number;
  confidence_bucket: number;
  count: bigint | number;
  confidence_sum: number;
}

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/**
 * Reads trigger-maintained totals only, never predictions, so the cost does not grow with the
 * number of predictions: all-time totals (at most 1,100 rows) without `since`; with it, counted
 * from the start of since's UTC hour, hourly totals up to the next UTC midnight and daily totals
 * after it.
 */
export async function loadStatsGroups(prisma: PrismaClient, since?: Date): Promise<StatsGroup[]> {
  let raw: RawGroup[];
  if (!since) {
    raw = await prisma.$queryRaw<RawGroup[]>`
      SELECT predicted_digit, true_label, confidence_bucket, SUM(count) AS count, SUM(confidence_sum) AS confidence_sum
      FROM prediction_stats_total GROUP BY 1, 2, 3 HAVING SUM(count) > 0`;
  } else {
    const hour = new Date(Math.floor(since.getTime() / HOUR_MS) * HOUR_MS);
    const nextDay = new Date(Math.ceil(hour.getTime() / DAY_MS) * DAY_MS);
    raw = await prisma.$queryRaw<RawGroup[]>`
      SELECT predicted_digit, true_label, confidence_bucket, SUM(count) AS count, SUM(confidence_sum) AS confidence_sum
      FROM (
        SELECT predicted_digit, true_label, confidence_bucket, count, confidence_sum
        FROM prediction_stats_hourly WHERE hour >= ${hour}::timestamptz AND hour < ${nextDay}::timestamptz
        UNION ALL
        SELECT predicted_digit, true_label, confidence_bucket, count, confidence_sum
        FROM prediction_stats WHERE day >= (${nextDay}::timestamptz AT TIME ZONE 'UTC')::date
      ) s
      GROUP BY 1, 2, 3 HAVING SUM(count) > 0`;
  }
  return toGroups(raw);
}

/** All-time totals of the predictions one model version made. */
export async function loadModelStatsGroups(prisma: PrismaClient, modelVersion: string): Promise<StatsGroup[]> {
  return toGroups(await prisma.$queryRaw<RawGroup[]>`
    SELECT predicted_digit, true_label, confidence_bucket, count, confidence_sum
    FROM prediction_stats_by_model WHERE model_version = ${modelVersion} AND count > 0`);
}

function toGroups(raw: RawGroup[]): StatsGroup[] {
  return raw.map((r) => ({
    predictedDigit: Number(r.predicted_digit),
    trueLabel: Number(r.true_label),
    confidenceBucket: Number(r.confidence_bucket),
    count: Number(r.count),
    confidenceSum: Number(r.confidence_sum),
  }));
}

/** One UTC day's predictions, counted from the daily totals. */
export interface DayCounts {
  /** YYYY-MM-DD (UTC). */
  day: string;
  total: number;
  notDigits: number;
  labeled: number;
  correct: number;
}

/** Days shown at most: a month of history keeps the chart readable and the query small. */
export const MAX_DAYS = 30;

/**
 * The latest MAX_DAYS days that had predictions (from since's UTC day when given), newest first.
 * Not-a-digit readings (bucket -1) count in total only, as in the all-time figures.
 */
export async function loadDayCounts(prisma: PrismaClient, since?: Date): Promise<DayCounts[]> {
  const from = since ? new Date(Math.floor(since.getTime() / DAY_MS) * DAY_MS) : new Date(0);
  const rows = await prisma.$queryRaw<Array<{ day: string; total: bigint; not_digits: bigint; labeled: bigint; correct: bigint }>>`
    SELECT to_char(day, 'YYYY-MM-DD') AS day, SUM(count) AS total,
      COALESCE(SUM(count) FILTER (WHERE confidence_bucket < 0), 0) AS not_digits,
      COALESCE(SUM(count) FILTER (WHERE confidence_bucket >= 0 AND true_label >= 0), 0) AS labeled,
      COALESCE(SUM(count) FILTER (WHERE confidence_bucket >= 0 AND true_label = predicted_digit), 0) AS correct
    FROM prediction_stats WHERE day >= (${from}::timestamptz AT TIME ZONE 'UTC')::date
    GROUP BY day HAVING SUM(count) > 0 ORDER BY day DESC LIMIT ${MAX_DAYS}`;
  return rows.map((r) => ({ day: r.day, total: Number(r.total), notDigits: Number(r.not_digits), labeled: Number(r.labeled), correct: Number(r.correct) }));
}
