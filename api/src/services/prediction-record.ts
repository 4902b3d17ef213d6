import type { PredictionRow } from "../db/predictions.ts";
import type { Prediction } from "./prediction.type.ts";

export const imagePath = (id: number | string) => `/predictions/${id}/image.png`;

/** A database row as the GraphQL Prediction (also the payload of subscription events). */
export function toPrediction(row: PredictionRow): Prediction {
  return {
    id: String(row.id),
    digit: row.predictedDigit,
    confidence: row.confidence,
    probabilities: row.probabilities,
    trueLabel: row.trueLabel,
    correct: row.trueLabel === null ? null : row.trueLabel === row.predictedDigit,
    createdAt: row.timestamp,
    labeledAt: row.labeledAt,
    imageUrl: imagePath(row.id),
    modelVersion: row.modelVersion,
    replaceToken: null,
  };
}

/** Prediction ids are positive integers; anything else cannot exist. */
export function parsePredictionId(id: string): number | null {
  if (!/^\d{1,10}$/.test(id)) return null;
  const value = Number(id);
  return value >= 1 && value <= 2_147_483_647 ? value : null;
}
