import type { PredictionRow } from "../db/predictions.ts";
import type { ImageFormat, PredictionRecord } from "../domain/prediction.ts";

/** Where the HTTP server serves a prediction's image, exactly as it was received, named by its format. */
export const imagePath = (id: number | string, format: ImageFormat = "png") => `/predictions/${id}/image.${format === "jpeg" ? "jpg" : "png"}`;
/** Where it serves the 28x28 picture the model read, computed from the stored image. */
export const modelInputPath = (id: number | string) => `/predictions/${id}/input.png`;

/** A stored row as the product's prediction. */
export function toPredictionRecord(row: PredictionRow): PredictionRecord {
  return {
    id: String(row.id),
    digit: row.predictedDigit,
    confidence: row.confidence,
    probabilities: row.probabilities,
    trueLabel: row.trueLabel,
    correct: row.trueLabel === null ? null : row.trueLabel === row.predictedDigit,
    createdAt: row.timestamp,
    labeledAt: row.labeledAt,
    imageUrl: imagePath(row.id, row.imageFormat),
    modelInputUrl: modelInputPath(row.id),
    modelVersion: row.modelVersion,
    verdict: row.verdict,
    labelStatus: row.labelStatus,
  };
}

/** Prediction ids are positive integers that fit the id column; anything else cannot exist. */
export function parsePredictionId(id: string): number | null {
  if (!/^\d{1,10}$/.test(id)) return null;
  const value = Number(id);
  return value >= 1 && value <= 2_147_483_647 ? value : null;
}
