import { percent } from "../format.ts";
import type { StatsFieldsFragment } from "../gql/graphql.ts";

/** Precision and recall per digit, from labeled predictions. */
export function PerDigitTable({ rows }: { rows: StatsFieldsFragment["perDigit"] }) {
  return (
    <div className="table-scroll">
      <table className="per-digit">
        <caption>
          Per digit
          <span className="caption-help">
            Precision: of the labeled drawings read as this digit, how many were right. Recall: of the labeled drawings that were this digit, how many it found.
          </span>
        </caption>
        <thead>
          <tr>
            <th scope="col">Digit</th>
            <th scope="col">Predicted</th>
            <th scope="col">Labeled</th>
            <th scope="col">Precision</th>
            <th scope="col">Recall</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.digit}>
              <th scope="row">{row.digit}</th>
              <td>{row.predicted}</td>
              <td>{row.support}</td>
              <td>{percent(row.precision)}</td>
              <td>{percent(row.recall)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
