import type { StatsQuery } from "../gql/graphql.ts";

type Bucket = StatsQuery["stats"]["calibration"][number];

const W = 300;
const H = 220;
const PAD = { left: 46, right: 18, top: 10, bottom: 34 };
const sx = (v: number) => PAD.left + v * (W - PAD.left - PAD.right);
const sy = (v: number) => H - PAD.bottom - v * (H - PAD.top - PAD.bottom);

/**
 * Reliability diagram: per confidence bucket, how often the model was right. A calibrated model's
 * bars reach the diagonal; bars below it mean overconfidence. Dots sit at the bucket's mean confidence.
 */
export function CalibrationChart({ buckets }: { buckets: Bucket[] }) {
  const used = buckets.filter((b) => b.count > 0 && b.accuracy != null);
  return (
    <figure className="chart">
      <figcaption>Calibration</figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label="Calibration: accuracy against confidence, with the diagonal of perfect calibration">
        <rect x={sx(0)} y={sy(1)} width={sx(1) - sx(0)} height={sy(0) - sy(1)} className="plot-area" />
        {used.map((b) => (
          <rect key={b.lower} x={sx(b.lower) + 1} y={sy(b.accuracy ?? 0)} width={sx(b.upper) - sx(b.lower) - 2} height={sy(0) - sy(b.accuracy ?? 0)} className="calibration-bar">
            <title>{`Confidence ${Math.round(b.lower * 100)}–${Math.round(b.upper * 100)}%: ${Math.round((b.accuracy ?? 0) * 100)}% right of ${b.count}`}</title>
          </rect>
        ))}
        <line x1={sx(0)} y1={sy(0)} x2={sx(1)} y2={sy(1)} className="diagonal" />
        {used.map((b) => (
          <circle key={b.lower} cx={sx(b.averageConfidence ?? (b.lower + b.upper) / 2)} cy={sy(b.accuracy ?? 0)} r={3.5} className="calibration-dot" />
        ))}
        {[0, 0.5, 1].map((v) => (
          <g key={v} className="tick">
            <text x={sx(v)} y={H - PAD.bottom + 14} textAnchor="middle">{v * 100}%</text>
            <text x={PAD.left - 5} y={sy(v) + 4} textAnchor="end">{v * 100}%</text>
          </g>
        ))}
        <text x={sx(0.5)} y={H - 4} textAnchor="middle" className="axis-title">confidence</text>
        <text x={10} y={sy(0.5)} textAnchor="middle" className="axis-title" transform={`rotate(-90 10 ${sy(0.5)})`}>accuracy</text>
      </svg>
      {used.length === 0 && <p className="chart-note">Give feedback on a few predictions to see calibration.</p>}
    </figure>
  );
}
