/**
 * How sure the app is of a reading: sure, in doubt between two digits, or looking at something
 * that is not a digit at all.
 */
export const VERDICTS = ["CONFIDENT", "UNSURE", "NOT_A_DIGIT"] as const;
export type Verdict = (typeof VERDICTS)[number];

/**
 * Where a label stands: given by anyone and waiting (PENDING), given or approved by a reviewer
 * (APPROVED: the only labels a model may learn from), or rejected (the label is taken away).
 */
export const LABEL_STATUSES = ["PENDING", "APPROVED", "REJECTED"] as const;
export type LabelStatus = (typeof LABEL_STATUSES)[number];

/** The image formats the API takes, and stores as they came. */
export type ImageFormat = "png" | "jpeg";

/**
 * A prediction as the product speaks of it: what the API returns and what subscription events
 * carry. Built from stored rows by the prediction service; the GraphQL type has the same fields.
 */
export interface PredictionRecord {
  id: string;
  digit: number;
  confidence: number;
  probabilities: number[];
  trueLabel: number | null;
  correct: boolean | null;
  createdAt: Date;
  labeledAt: Date | null;
  imageUrl: string;
  modelInputUrl: string;
  modelVersion: string;
  verdict: Verdict;
  /** null until labeled. */
  labelStatus: LabelStatus | null;
}
