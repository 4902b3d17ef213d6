import { useMemo } from "react";
import { useQuery } from "urql";
import { useOnReconnect } from "../api/connection-status.ts";
import { errorMessage } from "../api/error-message.ts";
import { CalibrationChart } from "./CalibrationChart.tsx";
import { ConfusionMatrix } from "./ConfusionMatrix.tsx";
import { StatsQuery } from "./documents.ts";
import { PerDigitTable } from "./PerDigitTable.tsx";
import { StatsSummary } from "./StatsSummary.tsx";
import { VersionComparison } from "./VersionComparison.tsx";

/** How good the model is on people's drawings; refreshed whenever a prediction is made or labeled. */
export function StatsPanel() {
  // Stats hold no Prediction objects, so tie them to that type by hand for cache invalidation.
  const context = useMemo(() => ({ additionalTypenames: ["Prediction"] }), []);
  const [{ data, error }, refetch] = useQuery({ query: StatsQuery, requestPolicy: "cache-and-network", context });
  // Predictions made while the live connection was down sent no events to refresh on.
  useOnReconnect(() => refetch({ requestPolicy: "network-only" }));
  return (
    <section className="panel stats" aria-labelledby="stats-heading">
      <h2 id="stats-heading">Statistics</h2>
      {!data ? (
        <p className="list-note" role={error ? "alert" : undefined}>{error ? errorMessage(error) : "Loading…"}</p>
      ) : (
        <>
          <StatsSummary stats={data.stats} />
          <div className="charts">
            <ConfusionMatrix matrix={data.stats.confusionMatrix} />
            <CalibrationChart buckets={data.stats.calibration} />
          </div>
          <PerDigitTable rows={data.stats.perDigit} />
          <VersionComparison />
        </>
      )}
    </section>
  );
}
