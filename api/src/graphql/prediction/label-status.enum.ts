import { registerEnumType } from "type-graphql";
import { LABEL_STATUSES, type LabelStatus } from "../../domain/prediction.ts";

/** The domain's label statuses as a GraphQL enum (values are their own names). */
export const LabelStatusEnum = Object.fromEntries(LABEL_STATUSES.map((s) => [s, s])) as { [S in LabelStatus]: S };

registerEnumType(LabelStatusEnum, {
  name: "LabelStatus",
  description: "Where a label stands in review: only APPROVED labels may train a model",
  valuesConfig: {
    PENDING: { description: "Given by someone without a reviewer's key; waiting in the review queue" },
    APPROVED: { description: "Given or approved by a reviewer" },
    REJECTED: { description: "A reviewer rejected the label given, so the prediction is unlabeled again" },
  },
});
