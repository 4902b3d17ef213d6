import { useState } from "react";
import { noFilter, toHistoryFilter, type FilterChoice } from "./filters.ts";
import { HistoryFilters } from "./HistoryFilters.tsx";
import { HistoryPage } from "./HistoryPage.tsx";

/** Stored predictions, newest first, with filters and "Load more" paging. */
export function HistoryPanel() {
  const [choice, setChoice] = useState<FilterChoice>(noFilter);
  const [extraPages, setExtraPages] = useState(0);
  const changeFilter = (next: FilterChoice) => {
    setChoice(next);
    setExtraPages(0);
  };
  return (
    <section className="panel history" aria-labelledby="history-heading">
      <h2 id="history-heading">History</h2>
      <HistoryFilters value={choice} onChange={changeFilter} />
      <ol className="prediction-list" aria-label="Past predictions, newest first" data-testid="history-list">
        <HistoryPage filter={toHistoryFilter(choice)} after={null} more={extraPages} onLoadMore={() => setExtraPages((n) => n + 1)} />
      </ol>
    </section>
  );
}
