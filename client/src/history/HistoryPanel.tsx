import { useEffect, useRef, useState } from "react";
import type { HistoryFilter, PredictionSummaryFragment } from "../gql/graphql.ts";
import { PredictionItem } from "../prediction/PredictionItem.tsx";
import { noFilter, toHistoryFilter, type FilterChoice } from "./filters.ts";
import { HistoryFilters } from "./HistoryFilters.tsx";
import { PredictionDetail } from "./PredictionDetail.tsx";
import { useLiveHistory } from "./useLiveHistory.ts";

/** Stored predictions, newest first, live, with filters and "Load more" paging; a row opens the prediction. */
export function HistoryPanel() {
  const [choice, setChoice] = useState<FilterChoice>(noFilter);
  const filter = toHistoryFilter(choice);
  return (
    <section className="panel history" aria-labelledby="history-heading">
      <h2 id="history-heading">History</h2>
      <HistoryFilters value={choice} onChange={setChoice} />
      {/* A new filter is a new list: loaded afresh, followed live from then on. */}
      <HistoryRows key={JSON.stringify(filter)} filter={filter} />
    </section>
  );
}

function HistoryRows({ filter }: { filter: HistoryFilter }) {
  const { list, loading, error, loadMore } = useLiveHistory(filter);
  const [open, setOpen] = useState<PredictionSummaryFragment | null>(null);
  // The open prediction as the live list has it now; as it was opened when it left the list.
  const openNow = open ? (list.items.find((p) => p.id === open.id) ?? open) : null;
  // After "Load more", focus moves to the first row it added, where reading continues.
  const [focusId, setFocusId] = useState<string | null>(null);
  const focusRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    focusRef.current?.focus();
  }, [focusId]);
  const more = async () => setFocusId((await loadMore())[0] ?? null);

  return (
    <>
      <ol className="prediction-list" aria-label="Past predictions, newest first" data-testid="history-list" aria-busy={loading}>
        {list.items.length === 0 && (
          <li className="list-note" role={error ? "alert" : undefined}>{error ?? (loading ? "Loading…" : "No predictions match.")}</li>
        )}
        {list.items.map((item) => (
          <PredictionItem key={item.id} item={item} onOpen={setOpen} buttonRef={item.id === focusId ? focusRef : undefined} />
        ))}
        {list.items.length > 0 && error && <li className="list-note" role="alert">{error}</li>}
        {list.hasNextPage && (
          <li className="list-more">
            <button type="button" onClick={() => void more()} disabled={loading}>Load more</button>
          </li>
        )}
      </ol>
      {openNow && <PredictionDetail summary={openNow} onClose={() => setOpen(null)} />}
    </>
  );
}
