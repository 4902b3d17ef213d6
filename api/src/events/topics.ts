import type { Prediction } from "../schema/prediction.type.ts";

/** Subscription topics; the names are also the Redis channel names. */
export const Topic = {
  PredictionAdded: "PREDICTION_ADDED",
  PredictionUpdated: "PREDICTION_UPDATED",
  PredictionRemoved: "PREDICTION_REMOVED",
} as const;

export type TopicPayloads = {
  [Topic.PredictionAdded]: [Prediction];
  [Topic.PredictionUpdated]: [Prediction];
  [Topic.PredictionRemoved]: [string];
};
