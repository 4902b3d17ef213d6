import type { ModelVersionRecord } from "../domain/model-version.ts";
import type { PredictionRecord } from "../domain/prediction.ts";

/** Subscription topics; the names are also the Redis channel names. */
export const Topic = {
  PredictionAdded: "PREDICTION_ADDED",
  PredictionUpdated: "PREDICTION_UPDATED",
  PredictionRemoved: "PREDICTION_REMOVED",
  ModelActivated: "MODEL_ACTIVATED",
} as const;

export type TopicPayloads = {
  [Topic.PredictionAdded]: [PredictionRecord];
  [Topic.PredictionUpdated]: [PredictionRecord];
  [Topic.PredictionRemoved]: [string];
  [Topic.ModelActivated]: [ModelVersionRecord];
};
