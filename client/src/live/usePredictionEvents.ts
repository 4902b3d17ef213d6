import { useEffect, useRef } from "react";
import { useClient } from "urql";
import { PredictionAddedSubscription, PredictionRemovedSubscription, PredictionUpdatedSubscription } from "./documents.ts";
import type { PredictionEvent } from "./feed.ts";

/**
 * Calls `onEvent` for every prediction added, updated or removed by anyone. The client is used
 * directly (not useSubscription) so that events arriving in the same tick all reach the caller
 * instead of only the last one rendering. urql shares one WebSocket subscription per document
 * among all the views that follow it.
 */
export function usePredictionEvents(onEvent: (event: PredictionEvent) => void): void {
  const client = useClient();
  const latest = useRef(onEvent);
  useEffect(() => {
    latest.current = onEvent;
  });
  useEffect(() => {
    const emit = (event: PredictionEvent) => latest.current(event);
    const added = client.subscription(PredictionAddedSubscription, {}).subscribe((result) => {
      const prediction = result.data?.predictionAdded;
      if (prediction) emit({ type: "added", prediction });
    });
    const updated = client.subscription(PredictionUpdatedSubscription, {}).subscribe((result) => {
      const prediction = result.data?.predictionUpdated;
      if (prediction) emit({ type: "updated", prediction });
    });
    const removed = client.subscription(PredictionRemovedSubscription, {}).subscribe((result) => {
      const id = result.data?.predictionRemoved;
      if (id) emit({ type: "removed", id });
    });
    return () => {
      added.unsubscribe();
      updated.unsubscribe();
      removed.unsubscribe();
    };
  }, [client]);
}
