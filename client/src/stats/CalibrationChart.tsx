import { percent } from "../format.ts";
import type { StatsFieldsFragment } from "../gql/graphql.ts";
import { ChartTable } from "./ChartTable.tsx";
import { BUCKET_MIN_COUNT, CALIBRATION_MIN_LABELS } from "./sample-size.ts";

type Bucket = StatsFieldsFragment["calibration"][number];

const W = 300;
const H = 220;
const PAD = { left: 46, right: 18, top: 16, bottom: 34 };
const sx = (v: number) => PAD.left + v * (W - PAD.left - PAD.right);
const sy = (v: number) => H - PAD.bottom - v * (H - PAD.top - PAD.bottom);
const range = (b: Bucket) => `${Math.round(b.lower * 100)}–${Math.round(b.upper * 100)}%`;

/**
 * Reliability diagram: per confidence bucket, how often the model was right. A calibrated model's
 * bars reach the diagonal; bars below it mean overconfidence. Each bar says how many labeled
 * digits it rests on, and a bar on too few is drawn faint. Shown once there are enough labels.
 */
export function CalibrationChart({ buckets, labeled }: { buckets: Bucket[]; labeled: number }) {
  const used = buckets.filter((b) => b.count > 0 && b.accuracy != null);
  const caption = "When it says it is X% sure, is it right X% of the time?";
  if (labeled < CALIBRATION_MIN_LABELS) {
    return (
      <figure className="chart">
        <figcaption>Calibration</figcaption>
        <p className="chart-note">
          {caption} This needs at least {CALIBRATION_MIN_LABELS} labeled digits ({labeled} so far): tap the digit you drew after each prediction.
        </p>
      </figure>
    );
  }
  return (
    <figure className="chart">
      <figcaption>Calibration</figcaption>
      <p className="chart-note">{caption} Bars on the dashed line mean yes; below it, it is surer than it should be.</p>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label="Calibration: accuracy against confidence, with the diagonal of perfect calibration; the table below has the figures">
        <rect x={sx(0)} y={sy(1)} width={sx(1) - sx(0)} height={sy(0) - sy(1)} className="plot-area" />
        {used.map((b) => {
          const faint = b.count < BUCKET_MIN_COUNT;
          return (
            <g key={b.lower}>
              <rect x={sx(b.lower) + 1} y={sy(b.accuracy ?? 0)} width={sx(b.upper) - sx(b.lower) - 2} height={sy(0) - sy(b.accuracy ?? 0)} className={faint ? "calibration-bar is-faint" : "calibration-bar"}>
                <title>{`Confidence ${range(b)}: ${percent(b.accuracy)} right of ${b.count}`}</title>
              </rect>
              <text x={(sx(b.lower) + sx(b.upper)) / 2} y={sy(b.accuracy ?? 0) - 3} textAnchor="middle" className="bar-count">{b.count}</text>
            </g>
          );
        })}
        <line x1={sx(0)} y1={sy(0)} x2={sx(1)} y2={sy(1)} className="diagonal" />
        {[0, 0.5, 1].map((v) => (
          <g key={v} className="tick">
            <text x={sx(v)} y={H - PAD.bottom + 14} textAnchor="middle">{v * 100}%</text>
            <text x={PAD.left - 5} y={sy(v) + 4} textAnchor="end">{v * 100}%</text>
          </g>
        ))}
        <text x={sx(0.5)} y={H - 4} textAnchor="middle" className="axis-title">how sure it was</text>
        <text x={10} y={sy(0.5)} textAnchor="middle" className="axis-title" transform={`rotate(-90 10 ${sy(0.5)})`}>how often right</text>
      </svg>
      <p className="chart-note">The number over each bar is how many labeled digits it rests on; faint bars have fewer than {BUCKET_MIN_COUNT}.</p>
      <ChartTable
        caption="Calibration by confidence bucket"
        columns={["Confidence", "Labeled digits", "Mean confidence", "Right"]}
        rows={used.map((b) => [range(b), b.count, percent(b.averageConfidence, 1), percent(b.accuracy, 1)])}
      />
    </figure>
  );
}
