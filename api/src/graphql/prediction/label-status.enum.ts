import { registerEnumType } from "type-graphql";
import { LABEL_STATUSES } from "../../domain/prediction.ts";
import { enumOf } from "../enum-of.ts";

/** The domain's label statuses as a GraphQL enum. */
export const LabelStatusEnum = enumOf(LABEL_STATUSES);

registerEnumType(LabelStatusEnum, {
  name: "LabelStatus",
  description: "Where a label stands in review: only APPROVED labels may train a model",
  valuesConfig: {
    PENDING: { description: "Given by someone without a reviewer's key; waiting in the review queue" },
    APPROVED: { description: "Given or approved by a reviewer" },
    REJECTED: { description: "A reviewer rejected the label given, so the prediction is unlabeled again" },
  },
});
