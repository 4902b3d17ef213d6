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

/** A span of time for the statistics, widened to whole UTC hours: from since's hour to the end of until's. */
export interface StatsSpan {
  since?: Date;
  until?: Date;
}

/** The start of the UTC hour or day (`unit`) a time falls in, as epoch milliseconds. */
const startOf = (time: number, unit: number) => Math.floor(time / unit) * unit;

/**
 * Reads trigger-maintained totals only, never predictions, so the cost does not grow with the
 * number of predictions: all-time totals (at most 1,100 rows) without a span; with one, counted
 * from the start of since's UTC hour to the end of until's, from daily totals for the whole
 * UTC days inside it and hourly totals for the partial days at its ends.
 */
export async function loadStatsGroups(prisma: PrismaClient, span: StatsSpan = {}): Promise<StatsGroup[]> {
  let raw: RawGroup[];
  if (!span.since && !span.until) {
    raw = await prisma.$queryRaw<RawGroup[]>`
      SELECT predicted_digit, true_label, confidence_bucket, SUM(count) AS count, SUM(confidence_sum) AS confidence_sum
      FROM prediction_stats_total GROUP BY 1, 2, 3 HAVING SUM(count) > 0`;
  } else {
    // Far enough either way to hold every prediction, near enough for timestamptz.
    const from = new Date(span.since ? startOf(span.since.getTime(), HOUR_MS) : Date.UTC(1970, 0, 1));
    const to = new Date(span.until ? startOf(span.until.getTime(), HOUR_MS) + HOUR_MS : Date.UTC(9999, 0, 1));
    const firstDay = new Date(Math.ceil(from.getTime() / DAY_MS) * DAY_MS);
    // Whole days run from firstDay to lastDay; with none inside the span, hours cover all of it.
    const lastDay = new Date(Math.max(firstDay.getTime(), startOf(to.getTime(), DAY_MS)));
    raw = await prisma.$queryRaw<RawGroup[]>`
      SELECT predicted_digit, true_label, confidence_bucket, SUM(count) AS count, SUM(confidence_sum) AS confidence_sum
      FROM (
        SELECT predicted_digit, true_label, confidence_bucket, count, confidence_sum
        FROM prediction_stats_hourly
        WHERE hour >= ${from}::timestamptz AND hour < ${to}::timestamptz
          AND (hour < ${firstDay}::timestamptz OR hour >= ${lastDay}::timestamptz)
        UNION ALL
        SELECT predicted_digit, true_label, confidence_bucket, count, confidence_sum
        FROM prediction_stats
        WHERE day >= (${firstDay}::timestamptz AT TIME ZONE 'UTC')::date AND day < (${lastDay}::timestamptz AT TIME ZONE 'UTC')::date
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

/** Days shown: a month of history keeps the chart readable and the query small. */
export const MAX_DAYS = 30;

/**
 * The last MAX_DAYS UTC days up to the span's end (until's day, else today), from since's day when
 * that is later, newest first; days without predictions are left out. A range of the daily
 * totals' primary key (day first), so the cost does not grow with history. Not-a-digit readings
 * (bucket -1) count in total only, as in the all-time figures.
 */
export async function loadDayCounts(prisma: PrismaClient, span: StatsSpan = {}): Promise<DayCounts[]> {
  // The end of until's (or today's) UTC day.
  const to = new Date(startOf((span.until ?? new Date()).getTime(), DAY_MS) + DAY_MS);
  const sinceDay = span.since ? startOf(span.since.getTime(), DAY_MS) : 0;
  const from = new Date(Math.max(sinceDay, to.getTime() - MAX_DAYS * DAY_MS));
  const rows = await prisma.$queryRaw<Array<{ day: string; total: bigint; not_digits: bigint; labeled: bigint; correct: bigint }>>`
    SELECT to_char(day, 'YYYY-MM-DD') AS day, SUM(count) AS total,
      COALESCE(SUM(count) FILTER (WHERE confidence_bucket < 0), 0) AS not_digits,
      COALESCE(SUM(count) FILTER (WHERE confidence_bucket >= 0 AND true_label >= 0), 0) AS labeled,
      COALESCE(SUM(count) FILTER (WHERE confidence_bucket >= 0 AND true_label = predicted_digit), 0) AS correct
    FROM prediction_stats
    WHERE day >= (${from}::timestamptz AT TIME ZONE 'UTC')::date AND day < (${to}::timestamptz AT TIME ZONE 'UTC')::date
    GROUP BY day HAVING SUM(count) > 0 ORDER BY day DESC`;
  return rows.map((r) => ({ day: r.day, total: Number(r.total), notDigits: Number(r.not_digits), labeled: Number(r.labeled), correct: Number(r.correct) }));
}
