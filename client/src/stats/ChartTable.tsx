interface Props {
  caption: string;
  columns: string[];
  /** The first cell of each row names it (a row header). */
  rows: Array<Array<string | number>>;
}

/** The numbers behind a chart, as a table: for screen readers, and for anyone who wants the figures. */
export function ChartTable({ caption, columns, rows }: Props) {
  return (
    <details className="chart-table">
      <summary>Show as a table</summary>
      <div className="table-scroll">
        <table className="per-digit">
          <caption className="sr-only">{caption}</caption>
          <thead>
            <tr>
              {columns.map((c) => <th key={c} scope="col">{c}</th>)}
            </tr>
          </thead>
          <tbody>
            {rows.map(([head, ...cells]) => (
              <tr key={String(head)}>
                <th scope="row">{head}</th>
                {cells.map((cell, i) => <td key={i}>{cell}</td>)}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}
