import { percent } from "../format.ts";
import type { StatsFieldsFragment } from "../gql/graphql.ts";
import { ChartTable } from "./ChartTable.tsx";
import { BUCKET_MIN_COUNT } from "./sample-size.ts";

type Day = StatsFieldsFragment["daily"][number];

const W = 300;
const H = 180;
const PAD = { left: 40, right: 10, top: 16, bottom: 30 };
const sy = (v: number) => H - PAD.bottom - v * (H - PAD.top - PAD.bottom);
const short = new Intl.DateTimeFormat(undefined, { month: "short", day: "numeric", timeZone: "UTC" });
const dayName = (day: string) => short.format(new Date(`${day}T00:00:00Z`));

/**
 * Accuracy per day (UTC), from that day's labeled digits: a bar per day, its labeled count above
 * it, faint when it rests on only a few. Drawings per day are in the table.
 */
export function DailyAccuracyChart({ days }: { days: Day[] }) {
  if (days.length === 0) return null;
  const step = (W - PAD.left - PAD.right) / Math.max(days.length, 7);
  return (
    <figure className="chart">
      <figcaption>Accuracy by day</figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label="Accuracy per day on labeled digits; the table below has the figures">
        <rect x={PAD.left} y={sy(1)} width={W - PAD.left - PAD.right} height={sy(0) - sy(1)} className="plot-area" />
        {days.map((d, i) => {
          const x = PAD.left + i * step;
          const value = d.accuracy ?? 0;
          return (
            <g key={d.day}>
              {d.accuracy != null && (
                <rect x={x + 2} y={sy(value)} width={step - 4} height={sy(0) - sy(value)} className={d.labeled < BUCKET_MIN_COUNT ? "calibration-bar is-faint" : "calibration-bar"}>
                  <title>{`${dayName(d.day)}: ${percent(d.accuracy)} right of ${d.labeled} labeled (${d.total} drawings)`}</title>
                </rect>
              )}
              <text x={x + step / 2} y={sy(value) - 3} textAnchor="middle" className="bar-count">{d.labeled}</text>
              {(i === 0 || i === days.length - 1) && (
                <text x={x + step / 2} y={H - PAD.bottom + 14} textAnchor="middle" className="tick-label">{dayName(d.day)}</text>
              )}
            </g>
          );
        })}
        {[0, 0.5, 1].map((v) => (
          <text key={v} x={PAD.left - 5} y={sy(v) + 4} textAnchor="end" className="tick-label">{v * 100}%</text>
        ))}
      </svg>
      <p className="chart-note">Each bar: that day's labeled digits read right; the number over it is how many were labeled.</p>
      <ChartTable
        caption="Accuracy by day"
        columns={["Day (UTC)", "Drawings", "Labeled", "Right", "Accuracy"]}
        rows={days.map((d) => [d.day, d.total, d.labeled, d.correct, percent(d.accuracy, 1)])}
      />
    </figure>
  );
}
