import { useQuery } from "urql";
import { percent } from "../format.ts";
import type { ModelVersionsQuery } from "../gql/graphql.ts";
import { ModelVersionsQuery as ModelVersions, VersionStatsQuery } from "./documents.ts";

type Version = ModelVersionsQuery["models"][number];

/** Stats hold no Prediction objects: tie them to that type, so new predictions and labels refresh them. */
const context = { additionalTypenames: ["Prediction"] };

function VersionRow({ version }: { version: Version }) {
  const [{ data }] = useQuery({ query: VersionStatsQuery, variables: { modelVersion: version.version }, requestPolicy: "cache-and-network", context });
  const stats = data?.stats;
  return (
    <tr>
      <th scope="row">
        <code>{version.version}</code>
      </th>
      <td>{version.status === "ACTIVE" ? "serving" : version.status === "CANDIDATE" ? "candidate" : "retired"}</td>
      <td>{stats ? stats.total : "…"}</td>
      <td>{stats ? stats.labeled : "…"}</td>
      <td>{stats ? (stats.labeled === 0 ? "no labels yet" : `${percent(stats.accuracy)} (${stats.correct} of ${stats.labeled})`) : "…"}</td>
    </tr>
  );
}

/**
 * Every model version that has served, side by side on people's own labeled drawings: whether
 * a new version reads them better than the one before. Hidden while there is only one.
 */
export function VersionComparison() {
  const [{ data }] = useQuery({ query: ModelVersions, requestPolicy: "cache-and-network", context });
  // Versions that have served; a candidate has read nothing yet.
  const versions = (data?.models ?? []).filter((m) => m.status !== "CANDIDATE");
  if (versions.length < 2) return null;
  return (
    <div className="table-scroll">
      <table className="versions" data-testid="version-comparison">
        <caption>Model versions on your drawings</caption>
        <thead>
          <tr>
            <th scope="col">Version</th>
            <th scope="col">Now</th>
            <th scope="col">Drawings read</th>
            <th scope="col">Labeled</th>
            <th scope="col">Accuracy on labeled</th>
          </tr>
        </thead>
        <tbody>
          {versions.map((version) => (
            <VersionRow key={version.version} version={version} />
          ))}
        </tbody>
      </table>
    </div>
  );
}
