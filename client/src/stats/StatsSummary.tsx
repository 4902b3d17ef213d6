import { percent } from "../format.ts";
import type { StatsQuery } from "../gql/graphql.ts";

type Stats = StatsQuery["stats"];

/** The headline numbers. data-testid hooks let the browser tests read them. */
export function StatsSummary({ stats }: { stats: Stats }) {
  const items: Array<[string, string, string]> = [
    ["Predictions", String(stats.total), "stat-total"],
    ["Not digits", String(stats.notDigits), "stat-not-digits"],
    ["Labeled", String(stats.labeled), "stat-labeled"],
    ["Accuracy", percent(stats.accuracy, 1), "stat-accuracy"],
    ["Mean confidence", percent(stats.averageConfidence, 1), "stat-confidence"],
    ["Calibration error", percent(stats.expectedCalibrationError, 1), "stat-ece"],
  ];
  return (
    <dl className="summary">
      {items.map(([label, value, testId]) => (
        <div key={label}>
          <dt>{label}</dt>
          <dd data-testid={testId}>{value}</dd>
        </div>
      ))}
    </dl>
  );
}
