import type { ModelCard } from "./model-card.ts";

export const MODEL_STATUSES = ["CANDIDATE", "ACTIVE", "RETIRED"] as const;
/** CANDIDATE: registered, not served; ACTIVE: served by every replica (exactly one); RETIRED: served before. */
export type ModelStatus = (typeof MODEL_STATUSES)[number];

/** Where a version came from: shipped in model-artifacts, or made by `npm run retrain`. */
export type ModelOrigin = "bundled" | "retrained";

/** Figures measured on one set of images, in per cent. */
export interface Measured {
  /** Accuracy on MNIST's test set. */
  mnistTest?: number;
  /** Per evaluation set: accuracy on the digit sets, the share flagged on the not-a-digit set. */
  sets?: Record<string, number>;
  /** Accuracy on the corrections' frozen evaluation slice (never trained on), and its size. */
  corrections?: { images: number; accuracy: number };
}

/** The figures a version is judged by. */
export interface ModelMetrics extends Measured {
  /**
   * The version that was active when this one was measured, measured on the very same images:
   * the promotion gates compare with these figures while that version is still the active one.
   */
  baseline?: Measured & { version: string };
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
