import { percent } from "../format.ts";
import type { StatsFieldsFragment } from "../gql/graphql.ts";
import { CALIBRATION_MIN_LABELS, labeledConfidence } from "./sample-size.ts";

interface Item {
  label: string;
  value: string;
  testId: string;
  /** What it is, in a line; with the sample size behind a rate. */
  help: string;
}

/** The headline numbers in plain words, each rate with how many drawings it rests on. data-testid hooks let the browser tests read them. */
export function StatsSummary({ stats }: { stats: StatsFieldsFragment }) {
  const digits = stats.total - stats.notDigits;
  const confidence = labeledConfidence(stats.calibration);
  const enough = stats.labeled >= CALIBRATION_MIN_LABELS;
  const items: Item[] = [
    { label: "Drawings", value: String(stats.total), testId: "stat-total", help: "read by the model so far" },
    { label: "Not digits", value: String(stats.notDigits), testId: "stat-not-digits", help: "said not to look like a digit; left out of the rates below" },
    { label: "Labeled", value: String(stats.labeled), testId: "stat-labeled", help: `of ${digits} digits, someone said what they really were` },
    {
      label: "Accuracy",
      value: percent(stats.accuracy, 1),
      testId: "stat-accuracy",
      help: stats.labeled === 0 ? "no labeled digits yet" : `${stats.correct} of ${stats.labeled} labeled digits read right`,
    },
    {
      label: "Confidence",
      value: percent(confidence, 1),
      testId: "stat-confidence",
      help: stats.labeled === 0 ? "its mean confidence, once digits are labeled" : `its mean confidence on the same ${stats.labeled}; near accuracy means it can be trusted`,
    },
    {
      label: "Confidence gap",
      value: enough ? percent(stats.expectedCalibrationError, 1) : "–",
      testId: "stat-ece",
      help: enough
        ? "how far its confidence is from how often it is right (calibration error); lower is better"
        : `needs ${CALIBRATION_MIN_LABELS} labeled digits (${stats.labeled} so far)`,
    },
  ];
  return (
    <dl className="summary">
      {items.map(({ label, value, testId, help }) => (
        <div key={label}>
          <dt>{label}</dt>
          <dd data-testid={testId}>{value}</dd>
          <dd className="stat-help">{help}</dd>
        </div>
      ))}
    </dl>
  );
}
