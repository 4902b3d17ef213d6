import { ChartTable } from "./ChartTable.tsx";
import { overWhite, textOn } from "./contrast.ts";

const CELL = 26;
/** Right answers (the diagonal) and mistakes. */
const GREEN: [number, number, number] = [21, 128, 61];
const RED: [number, number, number] = [185, 28, 28];
const MARGIN = 34;
const SIDE = MARGIN + CELL * 10;

/**
 * Heat map of labeled predictions: row = true label, column = predicted digit. Right answers lie on
 * the diagonal (green); everything off it is a mistake (red), darker for more.
 */
export function ConfusionMatrix({ matrix }: { matrix: number[][] }) {
  const max = Math.max(1, ...matrix.flat());
  return (
    <figure className="chart">
      <figcaption>Confusion matrix</figcaption>
      <p className="chart-note">Which digit it read (across) for each digit people said they drew (down): green is right, red a mix-up.</p>
      <svg viewBox={`0 0 ${SIDE + 4} ${SIDE + 4}`} role="img" aria-label="Confusion matrix: rows are the true digit, columns the predicted digit">
        <text x={MARGIN + CELL * 5} y={10} className="axis-title" textAnchor="middle">predicted</text>
        <text x={10} y={MARGIN + CELL * 5} className="axis-title" textAnchor="middle" transform={`rotate(-90 10 ${MARGIN + CELL * 5})`}>true</text>
        {matrix.map((row, t) =>
          row.map((count, p) => {
            const x = MARGIN + p * CELL;
            const y = MARGIN + t * CELL;
            const strength = count === 0 ? 0 : 0.15 + 0.85 * (count / max);
            const hue = t === p ? GREEN : RED;
            return (
              <g key={`${t}-${p}`}>
                <rect x={x} y={y} width={CELL - 1} height={CELL - 1} fill={count ? `rgba(${hue.join(", ")}, ${strength})` : "#f3f4f6"}>
                  <title>{`True ${t}, predicted ${p}: ${count}`}</title>
                </rect>
                {count > 0 && (
                  <text x={x + CELL / 2} y={y + CELL / 2 + 4} textAnchor="middle" className={textOn(overWhite(hue, strength)) === "light" ? "cell-text is-dark" : "cell-text"}>
                    {count}
                  </text>
                )}
              </g>
            );
          }),
        )}
        {matrix.map((_, d) => (
          <g key={d} className="tick">
            <text x={MARGIN + d * CELL + CELL / 2} y={MARGIN - 6} textAnchor="middle">{d}</text>
            <text x={MARGIN - 6} y={MARGIN + d * CELL + CELL / 2 + 4} textAnchor="end">{d}</text>
          </g>
        ))}
      </svg>
      <ChartTable
        caption="Confusion matrix: rows are the true digit, columns the predicted digit"
        columns={["True \\ read as", ...matrix.map((_, d) => String(d))]}
        rows={matrix.map((row, t) => [String(t), ...row])}
      />
    </figure>
  );
}
