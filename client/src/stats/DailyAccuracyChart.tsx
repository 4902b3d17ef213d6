import { percent } from "../format.ts";
import type { StatsFieldsFragment } from "../gql/graphql.ts";
import { ChartTable } from "./ChartTable.tsx";
import { BUCKET_MIN_COUNT } from "./sample-size.ts";

type Day = StatsFieldsFragment["daily"][number];

/** A model version that started serving (at: ISO time). */
export interface VersionSwitch {
  version: string;
  at: string;
}

const W = 300;
const H = 180;
const PAD = { left: 40, right: 10, top: 16, bottom: 30 };
const sy = (v: number) => H - PAD.bottom - v * (H - PAD.top - PAD.bottom);
const short = new Intl.DateTimeFormat(undefined, { month: "short", day: "numeric", timeZone: "UTC" });
const dayName = (day: string) => short.format(new Date(`${day}T00:00:00Z`));

/**
 * Accuracy per day (UTC), from that day's labeled digits: a bar per day, its labeled count above
 * it, faint when it rests on only a few. With several model versions, a dashed line marks the day
 * each one started serving, so a change in accuracy can be put down to a version. Drawings per day
 * and the version serving at each day's end are in the table.
 */
export function DailyAccuracyChart({ days, switches = [] }: { days: Day[]; switches?: VersionSwitch[] }) {
  if (days.length === 0) return null;
  const shown = switches.length > 1 ? [...switches].sort((a, b) => a.at.localeCompare(b.at)) : [];
  const dayOf = (s: VersionSwitch) => s.at.slice(0, 10);
  const servingOn = (day: string) => shown.filter((s) => dayOf(s) <= day).at(-1)?.version.slice(0, 8) ?? "";
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
        {shown.map((s, i) => {
          const index = days.findIndex((d) => d.day >= dayOf(s));
          if (index < 0) return null;
          const x = PAD.left + index * step + 1;
          // Labels stack, in case several versions started on one day.
          return (
            <g key={s.version} className="version-switch">
              <line x1={x} y1={sy(1)} x2={x} y2={sy(0)} />
              <text x={x + 2} y={sy(1) + 9 + i * 10}>{s.version.slice(0, 8)}</text>
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
        columns={["Day (UTC)", "Drawings", "Labeled", "Right", "Accuracy", ...(shown.length ? ["Serving"] : [])]}
        rows={days.map((d) => [d.day, d.total, d.labeled, d.correct, percent(d.accuracy, 1), ...(shown.length ? [servingOn(d.day)] : [])])}
      />
    </figure>
  );
}
