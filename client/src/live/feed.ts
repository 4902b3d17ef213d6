import type { PredictionSummaryFragment } from "../gql/graphql.ts";

/** Enough to fill the panel; older events fall off the end. */
export const FEED_LENGTH = 30;

export type FeedEvent =
  | { type: "added" | "updated"; prediction: PredictionSummaryFragment }
  | { type: "removed"; id: string }
  | { type: "resync"; predictions: PredictionSummaryFragment[] };

/** A change someone made: what the subscriptions deliver. */
export type PredictionEvent = Exclude<FeedEvent, { type: "resync" }>;

/**
 * Newest first; an update replaces the row in place, or joins the top if the row is not there;
 * a prediction replaced by a later one of the same drawing leaves the feed. After a dropped
 * connection the newest stored predictions (from history) replace the feed, events missed or not.
 */
export function feedReducer(feed: PredictionSummaryFragment[], event: FeedEvent): PredictionSummaryFragment[] {
  if (event.type === "removed") return feed.filter((p) => p.id !== event.id);
  if (event.type === "resync") return event.predictions.slice(0, FEED_LENGTH);
  const { type, prediction } = event;
  const index = feed.findIndex((p) => p.id === prediction.id);
  if (type === "updated" && index >= 0) return feed.map((p, i) => (i === index ? prediction : p));
  return [prediction, ...feed.filter((p) => p.id !== prediction.id)].slice(0, FEED_LENGTH);
}
