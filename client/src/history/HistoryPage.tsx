import { useMemo } from "react";
import { useQuery } from "urql";
import type { HistoryFilter } from "../gql/graphql.ts";
import { useOnReconnect } from "../api/connection-status.ts";
import { errorMessage } from "../api/error-message.ts";
import { HistoryQuery } from "./documents.ts";
import { PredictionItem } from "../prediction/PredictionItem.tsx";

export const PAGE_SIZE = 10;

interface Props {
  filter: HistoryFilter;
  after: string | null;
  /** How many more pages to chain after this one. */
  more: number;
  onLoadMore(): void;
}

/**
 * One page of history, which renders the next page after its own endCursor. Chaining the cursor
 * from live data keeps the pages seamless when a refresh (new prediction) shifts every page.
 */
export function HistoryPage({ filter, after, more, onLoadMore }: Props) {
  // Any new or relabeled prediction may belong on this page, even when the page is empty.
  const context = useMemo(() => ({ additionalTypenames: ["Prediction"] }), []);
  const [{ data, error, fetching }, refetch] = useQuery({
    query: HistoryQuery,
    variables: { first: PAGE_SIZE, after, filter },
    requestPolicy: "cache-and-network",
    context,
  });
  // Predictions made while the live connection was down sent no events to refresh on.
  useOnReconnect(() => refetch({ requestPolicy: "network-only" }));
  if (!data) {
    return <li className="list-note" role={error ? "alert" : undefined}>{error ? errorMessage(error) : fetching ? "Loading…" : ""}</li>;
  }
  const { nodes, pageInfo } = data.history;
  return (
    <>
      {after === null && nodes.length === 0 && <li className="list-note">No predictions match.</li>}
      {nodes.map((item) => <PredictionItem key={item.id} item={item} />)}
      {pageInfo.hasNextPage && pageInfo.endCursor &&
        (more > 0 ? (
          <HistoryPage filter={filter} after={pageInfo.endCursor} more={more - 1} onLoadMore={onLoadMore} />
        ) : (
          <li className="list-more">
            <button type="button" onClick={onLoadMore}>Load more</button>
          </li>
        ))}
    </>
  );
}
