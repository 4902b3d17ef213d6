import { useCallback, useEffect, useReducer, useRef, useState } from "react";
import { useClient } from "urql";
import type { HistoryFilter } from "../gql/graphql.ts";
import { useOnReconnect } from "../api/connection-status.ts";
import { errorMessage } from "../api/error-message.ts";
import { usePredictionEvents } from "../live/usePredictionEvents.ts";
import { HistoryQuery } from "./documents.ts";
import { emptyHistory, historyReducer, type HistoryList } from "./history-list.ts";

const PAGE_SIZE = 10;
/** The API's largest page: a catch-up after a reconnect reloads at most this many rows. */
const MAX_PAGE = 100;

export interface LiveHistory {
  list: HistoryList;
  loading: boolean;
  error: string | null;
  /** Loads the next page; resolves with the ids it added. */
  loadMore(): Promise<string[]>;
}

/**
 * History for a filter: loaded a page at a time, then kept current by everyone's live events
 * without asking the server again. After a dropped connection the loaded rows are read afresh once.
 * One filter for the hook's life: a view that changes filters mounts it again (a React key).
 */
export function useLiveHistory(filter: HistoryFilter): LiveHistory {
  const client = useClient();
  const [list, dispatch] = useReducer(historyReducer, emptyHistory);
  const [status, setStatus] = useState<{ loading: boolean; error: string | null }>({ loading: true, error: null });
  const [stableFilter] = useState(filter);
  // Answers to a request older than a reload are dropped.
  const generation = useRef(0);
  const listRef = useRef(list);
  useEffect(() => {
    listRef.current = list;
  });

  const fetchPage = useCallback(
    async (first: number, after: string | null, append: boolean): Promise<string[]> => {
      const asked = generation.current;
      const result = await client.query(HistoryQuery, { first, after, filter: stableFilter }, { requestPolicy: "network-only" }).toPromise();
      if (asked !== generation.current) return [];
      const page = result.data?.history;
      setStatus({ loading: false, error: page ? null : result.error ? errorMessage(result.error) : "No answer from the server." });
      if (!page) return [];
      dispatch({ type: "page", page, append });
      return page.nodes.map((p) => p.id);
    },
    [client, stableFilter],
  );

  useEffect(() => {
    void fetchPage(PAGE_SIZE, null, false);
  }, [fetchPage]);

  usePredictionEvents((event) => dispatch({ type: "event", event, filter: stableFilter }));

  useOnReconnect(() => {
    generation.current++;
    const loaded = Math.min(MAX_PAGE, Math.max(PAGE_SIZE, listRef.current.items.length));
    void fetchPage(loaded, null, false);
  });

  const loadMore = useCallback(() => {
    const { endCursor } = listRef.current;
    if (!endCursor) return Promise.resolve([]);
    setStatus((s) => ({ ...s, loading: true }));
    return fetchPage(PAGE_SIZE, endCursor, true);
  }, [fetchPage]);

  return { list, loading: status.loading, error: status.error, loadMore };
}
