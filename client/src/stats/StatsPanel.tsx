import { useQuery, useSubscription } from "urql";
import { errorMessage } from "../api/error-message.ts";
import { CalibrationChart } from "./CalibrationChart.tsx";
import { ConfusionMatrix } from "./ConfusionMatrix.tsx";
import { DailyAccuracyChart } from "./DailyAccuracyChart.tsx";
import { ModelVersionsQuery, StatsChangedSubscription, StatsQuery } from "./documents.ts";
import { PerDigitTable } from "./PerDigitTable.tsx";
import { StatsSummary } from "./StatsSummary.tsx";
import { VersionComparison } from "./VersionComparison.tsx";

/**
 * How good the model is on people's drawings. The query paints it first; the subscription then
 * pushes every change (anyone's prediction, label or removal) and again after a reconnect.
 */
export function StatsPanel() {
  const [{ data: first, error }] = useQuery({ query: StatsQuery });
  const [{ data: live }] = useSubscription({ query: StatsChangedSubscription });
  const stats = live?.statsChanged ?? first?.stats;
  // When each version started serving, to mark on the daily chart (read once; a switch is rare).
  const [{ data: versions }] = useQuery({ query: ModelVersionsQuery });
  const switches = (versions?.models ?? []).flatMap((m) => (m.activatedAt ? [{ version: m.version, at: m.activatedAt }] : []));
  return (
    <section className="panel stats" aria-labelledby="stats-heading">
      <h2 id="stats-heading">Statistics</h2>
      {!stats ? (
        <p className="list-note" role={error ? "alert" : undefined}>{error ? errorMessage(error) : "Loading…"}</p>
      ) : (
        <>
          <StatsSummary stats={stats} />
          <div className="charts">
            <ConfusionMatrix matrix={stats.confusionMatrix} />
            <CalibrationChart buckets={stats.calibration} labeled={stats.labeled} />
            <DailyAccuracyChart days={stats.daily} switches={switches} />
          </div>
          <PerDigitTable rows={stats.perDigit} />
          <VersionComparison />
        </>
      )}
    </section>
  );
}
