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
  modelVersion: string;
}
