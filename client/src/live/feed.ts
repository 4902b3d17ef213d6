import type { PredictionSummaryFragment } from "../gql/graphql.ts";

/** Enough to fill the panel; older events fall off the end. */
export const FEED_LENGTH = 30;

export type FeedEvent = { type: "added" | "updated"; prediction: PredictionSummaryFragment };

/** Newest first; an update replaces the row in place, or joins the top if the row is not there. */
export function feedReducer(feed: PredictionSummaryFragment[], { type, prediction }: FeedEvent): PredictionSummaryFragment[] {
  const index = feed.findIndex((p) => p.id === prediction.id);
  if (type === "updated" && index >= 0) return feed.map((p, i) => (i === index ? prediction : p));
  return [prediction, ...feed.filter((p) => p.id !== prediction.id)].slice(0, FEED_LENGTH);
}
