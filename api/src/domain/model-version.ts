import type { ModelCard } from "./model-card.ts";

export const MODEL_STATUSES = ["CANDIDATE", "ACTIVE", "RETIRED"] as const;
/** CANDIDATE: registered, not served; ACTIVE: served by every replica (exactly one); RETIRED: served before. */
export type ModelStatus = (typeof MODEL_STATUSES)[number];

/** Where a version came from: shipped in model-artifacts, or made by `npm run retrain`. */
export type ModelOrigin = "bundled" | "retrained";

/** The figures a version is judged by, in per cent. */
export interface ModelMetrics {
  /** Accuracy on MNIST's test set. */
  mnistTest?: number;
  /** Per evaluation set: accuracy on the digit sets, the share flagged on the not-a-digit set. */
  sets?: Record<string, number>;
  /**
   * Accuracy on the corrections' frozen evaluation slice (never trained on), beside the accuracy
   * the version active at registration had on the same slice.
   */
  corrections?: { images: number; accuracy: number; activeVersion: string; activeAccuracy: number };
}

/** A model version as the registry lists it (without its bytes). */
export interface ModelVersionRecord {
  version: string;
  sha256: string;
  status: ModelStatus;
  origin: ModelOrigin;
  card: ModelCard;
  metrics: ModelMetrics;
  createdAt: Date;
  activatedAt: Date | null;
}
