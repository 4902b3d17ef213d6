import { useEffect, useReducer } from "react";
import { useClient } from "urql";
import { PredictionAddedSubscription, PredictionRemovedSubscription, PredictionUpdatedSubscription } from "./documents.ts";
import { useOnReconnect } from "../api/connection-status.ts";
import { HistoryQuery } from "../history/documents.ts";
import { FEED_LENGTH, feedReducer } from "./feed.ts";

/**
 * The three subscriptions feed one list. The client is used directly (not useSubscription) so that
 * events arriving in the same tick all reach the reducer instead of only the last one rendering.
 */
export function useLiveFeed() {
  const client = useClient();
  const [feed, dispatch] = useReducer(feedReducer, []);
  useEffect(() => {
    const added = client.subscription(PredictionAddedSubscription, {}).subscribe((result) => {
      const prediction = result.data?.predictionAdded;
      if (prediction) dispatch({ type: "added", prediction });
    });
    const updated = client.subscription(PredictionUpdatedSubscription, {}).subscribe((result) => {
      const prediction = result.data?.predictionUpdated;
      if (prediction) dispatch({ type: "updated", prediction });
    });
    const removed = client.subscription(PredictionRemovedSubscription, {}).subscribe((result) => {
      const id = result.data?.predictionRemoved;
      if (id) dispatch({ type: "removed", id });
    });
    return () => {
      added.unsubscribe();
      updated.unsubscribe();
      removed.unsubscribe();
    };
  }, [client]);
  useOnReconnect(() => {
    void client.query(HistoryQuery, { first: FEED_LENGTH }, { requestPolicy: "network-only" }).toPromise().then((result) => {
      const predictions = result.data?.history.nodes;
      if (predictions) dispatch({ type: "resync", predictions });
    });
  });
  return feed;
}
