import { useReducer } from "react";
import { useClient } from "urql";
import { useOnReconnect } from "../api/connection-status.ts";
import { HistoryQuery } from "../history/documents.ts";
import { FEED_LENGTH, feedReducer } from "./feed.ts";
import { usePredictionEvents } from "./usePredictionEvents.ts";

/** Everyone's newest predictions, kept up to date from the live events. */
export function useLiveFeed() {
  const client = useClient();
  const [feed, dispatch] = useReducer(feedReducer, []);
  usePredictionEvents(dispatch);
  useOnReconnect(() => {
    void client.query(HistoryQuery, { first: FEED_LENGTH }, { requestPolicy: "network-only" }).toPromise().then((result) => {
      const predictions = result.data?.history.nodes;
      if (predictions) dispatch({ type: "resync", predictions });
    });
  });
  return feed;
}
