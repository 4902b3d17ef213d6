/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
/** The stable codes errors carry in extensions.code (and ImageRejected.code): clients switch on these, never on messages */
export type ErrorCode =
  /** The HTTP request is not a GraphQL request (missing query, wrong method or content type) */
  | 'BAD_REQUEST'
  /** An argument is out of range or malformed (a digit of 12, an unknown cursor, too many images); the message says which */
  | 'BAD_USER_INPUT'
  /** The image has no ink at all: nothing to read */
  | 'EMPTY_CANVAS'
  /** The API key's role may not do this */
  | 'FORBIDDEN'
  /** The document is not GraphQL */
  | 'GRAPHQL_PARSE_FAILED'
  /** The document does not fit the schema, or is too deep, too aliased or too long */
  | 'GRAPHQL_VALIDATION_FAILED'
  /** The image's bytes or pixels are over the limits, or it took too long to decode */
  | 'IMAGE_TOO_LARGE'
  /** A fault on the server; the message says nothing more, the server's log has the details */
  | 'INTERNAL_SERVER_ERROR'
  /** The image is not a PNG or JPEG that can be decoded, or is smaller than 8x8 px */
  | 'INVALID_IMAGE'
  /** No prediction (or model version) with that id */
  | 'NOT_FOUND'
  /** The document has several operations and none was named, or the named one is missing */
  | 'OPERATION_RESOLUTION_FAILURE'
  /** An automatic persisted query hash the server does not know: send the full query */
  | 'PERSISTED_QUERY_NOT_FOUND'
  /** Persisted queries are not accepted here */
  | 'PERSISTED_QUERY_NOT_SUPPORTED'
  /** The model version does not pass the promotion gates; extensions.failures says which */
  | 'PROMOTION_REFUSED'
  /** Too many requests from this client for now; extensions.retryAfter says how many seconds to wait */
  | 'RATE_LIMITED'
  /** The request body is over the size limit (HTTP 413) */
  | 'REQUEST_TOO_LARGE'
  /** The server cannot answer right now (starting, shutting down, database unreachable); try again shortly */
  | 'SERVICE_UNAVAILABLE'
  /** The operation needs an API key and none, or a wrong, malformed or revoked one, was given */
  | 'UNAUTHENTICATED';

/** Narrows the history; all given conditions must hold */
export type HistoryFilter = {
  /** true: only right predictions; false: only wrong ones (both imply labeled) */
  correct?: boolean | null | undefined;
  /** Only predictions of this digit */
  digit?: number | null | undefined;
  /** true: only labeled; false: only unlabeled */
  labeled?: boolean | null | undefined;
  /** Only predictions whose true label is this digit */
  trueLabel?: number | null | undefined;
};

/** Where a label stands in review: only APPROVED labels may train a model */
export type LabelStatus =
  /** Given or approved by a reviewer */
  | 'APPROVED'
  /** Given by someone without a reviewer's key; waiting in the review queue */
  | 'PENDING'
  /** A reviewer rejected the label given, so the prediction is unlabeled again */
  | 'REJECTED';

/** Where a model version stands */
export type ModelStatus =
  /** Served by every API process; exactly one version is */
  | 'ACTIVE'
  /** Registered, not served */
  | 'CANDIDATE'
  /** Served before; activating it again is a rollback */
  | 'RETIRED';

/** How sure the app is of a reading */
export type Verdict =
  /** The digit, with a calibrated confidence high enough to trust */
  | 'CONFIDENT'
  /** The drawing does not look like one digit */
  | 'NOT_A_DIGIT'
  /** Probably a digit, but the two most probable digits are both plausible */
  | 'UNSURE';

export type PredictionSummaryFragment = { id: string, digit: number, confidence: number, verdict: Verdict, trueLabel: number | null, correct: boolean | null, createdAt: string, imageUrl: string };

export type HistoryQueryVariables = Exact<{
  first: number;
  after?: string | null | undefined;
  filter?: HistoryFilter | null | undefined;
}>;


export type HistoryQuery = { history: { nodes: Array<{ id: string, digit: number, confidence: number, verdict: Verdict, trueLabel: number | null, correct: boolean | null, createdAt: string, imageUrl: string }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type PredictionDetailQueryVariables = Exact<{
  id: string | number;
}>;


export type PredictionDetailQuery = { prediction: { probabilities: Array<number>, modelVersion: string, modelInputUrl: string, labelStatus: LabelStatus | null, id: string, digit: number, confidence: number, verdict: Verdict, trueLabel: number | null, correct: boolean | null, createdAt: string, imageUrl: string } | null };

export type PredictionAddedSubscriptionVariables = Exact<{ [key: string]: never; }>;


export type PredictionAddedSubscription = { predictionAdded: { id: string, digit: number, confidence: number, verdict: Verdict, trueLabel: number | null, correct: boolean | null, createdAt: string, imageUrl: string } };

export type PredictionUpdatedSubscriptionVariables = Exact<{ [key: string]: never; }>;


export type PredictionUpdatedSubscription = { predictionUpdated: { id: string, digit: number, confidence: number, verdict: Verdict, trueLabel: number | null, correct: boolean | null, createdAt: string, imageUrl: string } };

export type PredictionRemovedSubscriptionVariables = Exact<{ [key: string]: never; }>;


export type PredictionRemovedSubscription = { predictionRemoved: string };

export type PredictDrawingMutationVariables = Exact<{
  image: string;
  replaces?: string | number | null | undefined;
  replaceToken?: string | null | undefined;
}>;


export type PredictDrawingMutation = { predictDrawing: { replaceToken: string, prediction: { id: string, digit: number, confidence: number, probabilities: Array<number>, verdict: Verdict, trueLabel: number | null, correct: boolean | null, modelInputUrl: string } } };

export type SubmitFeedbackMutationVariables = Exact<{
  predictionId: string | number;
  trueLabel: number;
}>;


export type SubmitFeedbackMutation = { submitFeedback: { id: string, trueLabel: number | null, correct: boolean | null } };

export type DiscardPredictionMutationVariables = Exact<{
  id: string | number;
  replaceToken: string;
}>;


export type DiscardPredictionMutation = { discardPrediction: boolean };

export type ReviewQueueQueryVariables = Exact<{
  first: number;
  after?: string | null | undefined;
}>;


export type ReviewQueueQuery = { reviewQueue: { nodes: Array<{ id: string, digit: number, trueLabel: number | null, confidence: number, createdAt: string, imageUrl: string }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type ApproveLabelsMutationVariables = Exact<{
  ids: Array<string | number> | string | number;
}>;


export type ApproveLabelsMutation = { approveLabels: Array<{ id: string, labelStatus: LabelStatus | null }> };

export type RejectLabelsMutationVariables = Exact<{
  ids: Array<string | number> | string | number;
}>;


export type RejectLabelsMutation = { rejectLabels: Array<{ id: string, labelStatus: LabelStatus | null }> };

export type StatsFieldsFragment = { total: number, notDigits: number, labeled: number, correct: number, accuracy: number | null, averageConfidence: number | null, expectedCalibrationError: number | null, confusionMatrix: Array<Array<number>>, perDigit: Array<{ digit: number, predicted: number, support: number, precision: number | null, recall: number | null }>, calibration: Array<{ lower: number, upper: number, count: number, averageConfidence: number | null, accuracy: number | null }>, daily: Array<{ day: string, total: number, labeled: number, correct: number, accuracy: number | null }> };

export type StatsQueryVariables = Exact<{ [key: string]: never; }>;


export type StatsQuery = { stats: { total: number, notDigits: number, labeled: number, correct: number, accuracy: number | null, averageConfidence: number | null, expectedCalibrationError: number | null, confusionMatrix: Array<Array<number>>, perDigit: Array<{ digit: number, predicted: number, support: number, precision: number | null, recall: number | null }>, calibration: Array<{ lower: number, upper: number, count: number, averageConfidence: number | null, accuracy: number | null }>, daily: Array<{ day: string, total: number, labeled: number, correct: number, accuracy: number | null }> } };

export type StatsChangedSubscriptionVariables = Exact<{ [key: string]: never; }>;


export type StatsChangedSubscription = { statsChanged: { total: number, notDigits: number, labeled: number, correct: number, accuracy: number | null, averageConfidence: number | null, expectedCalibrationError: number | null, confusionMatrix: Array<Array<number>>, perDigit: Array<{ digit: number, predicted: number, support: number, precision: number | null, recall: number | null }>, calibration: Array<{ lower: number, upper: number, count: number, averageConfidence: number | null, accuracy: number | null }>, daily: Array<{ day: string, total: number, labeled: number, correct: number, accuracy: number | null }> } };

export type ModelVersionsQueryVariables = Exact<{ [key: string]: never; }>;


export type ModelVersionsQuery = { models: Array<{ version: string, status: ModelStatus, activatedAt: string | null }> };

export type VersionStatsQueryVariables = Exact<{
  modelVersion: string;
}>;


export type VersionStatsQuery = { stats: { total: number, labeled: number, correct: number, accuracy: number | null } };

export type PredictImagesMutationVariables = Exact<{
  images: Array<string> | string;
}>;


export type PredictImagesMutation = { predictDigitsEach: Array<
    | { __typename: 'ImageRejected', index: number, code: ErrorCode, message: string }
    | { __typename: 'Prediction', id: string, digit: number, confidence: number, imageUrl: string }
  > };

export type LabelPredictionMutationVariables = Exact<{
  predictionId: string | number;
  trueLabel: number;
}>;


export type LabelPredictionMutation = { submitFeedback: { id: string, trueLabel: number | null, correct: boolean | null } };

export const PredictionSummaryFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"PredictionSummary"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Prediction"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"digit"}},{"kind":"Field","name":{"kind":"Name","value":"confidence"}},{"kind":"Field","name":{"kind":"Name","value":"verdict"}},{"kind":"Field","name":{"kind":"Name","value":"trueLabel"}},{"kind":"Field","name":{"kind":"Name","value":"correct"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"imageUrl"}}]}}]} as unknown as DocumentNode<PredictionSummaryFragment, unknown>;
export const StatsFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"StatsFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Stats"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"total"}},{"kind":"Field","name":{"kind":"Name","value":"notDigits"}},{"kind":"Field","name":{"kind":"Name","value":"labeled"}},{"kind":"Field","name":{"kind":"Name","value":"correct"}},{"kind":"Field","name":{"kind":"Name","value":"accuracy"}},{"kind":"Field","name":{"kind":"Name","value":"averageConfidence"}},{"kind":"Field","name":{"kind":"Name","value":"expectedCalibrationError"}},{"kind":"Field","name":{"kind":"Name","value":"perDigit"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"digit"}},{"kind":"Field","name":{"kind":"Name","value":"predicted"}},{"kind":"Field","name":{"kind":"Name","value":"support"}},{"kind":"Field","name":{"kind":"Name","value":"precision"}},{"kind":"Field","name":{"kind":"Name","value":"recall"}}]}},{"kind":"Field","name":{"kind":"Name","value":"confusionMatrix"}},{"kind":"Field","name":{"kind":"Name","value":"calibration"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"lower"}},{"kind":"Field","name":{"kind":"Name","value":"upper"}},{"kind":"Field","name":{"kind":"Name","value":"count"}},{"kind":"Field","name":{"kind":"Name","value":"averageConfidence"}},{"kind":"Field","name":{"kind":"Name","value":"accuracy"}}]}},{"kind":"Field","name":{"kind":"Name","value":"daily"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"day"}},{"kind":"Field","name":{"kind":"Name","value":"total"}},{"kind":"Field","name":{"kind":"Name","value":"labeled"}},{"kind":"Field","name":{"kind":"Name","value":"correct"}},{"kind":"Field","name":{"kind":"Name","value":"accuracy"}}]}}]}}]} as unknown as DocumentNode<StatsFieldsFragment, unknown>;
export const HistoryDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"History"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"HistoryFilter"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"history"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}},{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"PredictionSummary"}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"PredictionSummary"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Prediction"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"digit"}},{"kind":"Field","name":{"kind":"Name","value":"confidence"}},{"kind":"Field","name":{"kind":"Name","value":"verdict"}},{"kind":"Field","name":{"kind":"Name","value":"trueLabel"}},{"kind":"Field","name":{"kind":"Name","value":"correct"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"imageUrl"}}]}}]} as unknown as DocumentNode<HistoryQuery, HistoryQueryVariables>;
export const PredictionDetailDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"PredictionDetail"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"prediction"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"PredictionSummary"}},{"kind":"Field","name":{"kind":"Name","value":"probabilities"}},{"kind":"Field","name":{"kind":"Name","value":"modelVersion"}},{"kind":"Field","name":{"kind":"Name","value":"modelInputUrl"}},{"kind":"Field","name":{"kind":"Name","value":"labelStatus"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"PredictionSummary"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Prediction"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"digit"}},{"kind":"Field","name":{"kind":"Name","value":"confidence"}},{"kind":"Field","name":{"kind":"Name","value":"verdict"}},{"kind":"Field","name":{"kind":"Name","value":"trueLabel"}},{"kind":"Field","name":{"kind":"Name","value":"correct"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"imageUrl"}}]}}]} as unknown as DocumentNode<PredictionDetailQuery, PredictionDetailQueryVariables>;
export const PredictionAddedDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"PredictionAdded"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"predictionAdded"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"PredictionSummary"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"PredictionSummary"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Prediction"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"digit"}},{"kind":"Field","name":{"kind":"Name","value":"confidence"}},{"kind":"Field","name":{"kind":"Name","value":"verdict"}},{"kind":"Field","name":{"kind":"Name","value":"trueLabel"}},{"kind":"Field","name":{"kind":"Name","value":"correct"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"imageUrl"}}]}}]} as unknown as DocumentNode<PredictionAddedSubscription, PredictionAddedSubscriptionVariables>;
export const PredictionUpdatedDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"PredictionUpdated"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"predictionUpdated"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"PredictionSummary"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"PredictionSummary"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Prediction"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"digit"}},{"kind":"Field","name":{"kind":"Name","value":"confidence"}},{"kind":"Field","name":{"kind":"Name","value":"verdict"}},{"kind":"Field","name":{"kind":"Name","value":"trueLabel"}},{"kind":"Field","name":{"kind":"Name","value":"correct"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"imageUrl"}}]}}]} as unknown as DocumentNode<PredictionUpdatedSubscription, PredictionUpdatedSubscriptionVariables>;
export const PredictionRemovedDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"PredictionRemoved"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"predictionRemoved"}}]}}]} as unknown as DocumentNode<PredictionRemovedSubscription, PredictionRemovedSubscriptionVariables>;
export const PredictDrawingDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"PredictDrawing"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"image"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"replaces"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"replaceToken"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"predictDrawing"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"image"},"value":{"kind":"Variable","name":{"kind":"Name","value":"image"}}},{"kind":"Argument","name":{"kind":"Name","value":"replaces"},"value":{"kind":"Variable","name":{"kind":"Name","value":"replaces"}}},{"kind":"Argument","name":{"kind":"Name","value":"replaceToken"},"value":{"kind":"Variable","name":{"kind":"Name","value":"replaceToken"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"prediction"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"digit"}},{"kind":"Field","name":{"kind":"Name","value":"confidence"}},{"kind":"Field","name":{"kind":"Name","value":"probabilities"}},{"kind":"Field","name":{"kind":"Name","value":"verdict"}},{"kind":"Field","name":{"kind":"Name","value":"trueLabel"}},{"kind":"Field","name":{"kind":"Name","value":"correct"}},{"kind":"Field","name":{"kind":"Name","value":"modelInputUrl"}}]}},{"kind":"Field","name":{"kind":"Name","value":"replaceToken"}}]}}]}}]} as unknown as DocumentNode<PredictDrawingMutation, PredictDrawingMutationVariables>;
export const SubmitFeedbackDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"SubmitFeedback"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"predictionId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"trueLabel"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"submitFeedback"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"predictionId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"predictionId"}}},{"kind":"Argument","name":{"kind":"Name","value":"trueLabel"},"value":{"kind":"Variable","name":{"kind":"Name","value":"trueLabel"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"trueLabel"}},{"kind":"Field","name":{"kind":"Name","value":"correct"}}]}}]}}]} as unknown as DocumentNode<SubmitFeedbackMutation, SubmitFeedbackMutationVariables>;
export const DiscardPredictionDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"DiscardPrediction"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"replaceToken"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"discardPrediction"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}},{"kind":"Argument","name":{"kind":"Name","value":"replaceToken"},"value":{"kind":"Variable","name":{"kind":"Name","value":"replaceToken"}}}]}]}}]} as unknown as DocumentNode<DiscardPredictionMutation, DiscardPredictionMutationVariables>;
export const ReviewQueueDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ReviewQueue"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"reviewQueue"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"digit"}},{"kind":"Field","name":{"kind":"Name","value":"trueLabel"}},{"kind":"Field","name":{"kind":"Name","value":"confidence"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"imageUrl"}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}}]}}]}}]} as unknown as DocumentNode<ReviewQueueQuery, ReviewQueueQueryVariables>;
export const ApproveLabelsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ApproveLabels"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"ids"}},"type":{"kind":"NonNullType","type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"approveLabels"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"ids"},"value":{"kind":"Variable","name":{"kind":"Name","value":"ids"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"labelStatus"}}]}}]}}]} as unknown as DocumentNode<ApproveLabelsMutation, ApproveLabelsMutationVariables>;
export const RejectLabelsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"RejectLabels"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"ids"}},"type":{"kind":"NonNullType","type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"rejectLabels"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"ids"},"value":{"kind":"Variable","name":{"kind":"Name","value":"ids"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"labelStatus"}}]}}]}}]} as unknown as DocumentNode<RejectLabelsMutation, RejectLabelsMutationVariables>;
export const StatsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Stats"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"stats"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"StatsFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"StatsFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Stats"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"total"}},{"kind":"Field","name":{"kind":"Name","value":"notDigits"}},{"kind":"Field","name":{"kind":"Name","value":"labeled"}},{"kind":"Field","name":{"kind":"Name","value":"correct"}},{"kind":"Field","name":{"kind":"Name","value":"accuracy"}},{"kind":"Field","name":{"kind":"Name","value":"averageConfidence"}},{"kind":"Field","name":{"kind":"Name","value":"expectedCalibrationError"}},{"kind":"Field","name":{"kind":"Name","value":"perDigit"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"digit"}},{"kind":"Field","name":{"kind":"Name","value":"predicted"}},{"kind":"Field","name":{"kind":"Name","value":"support"}},{"kind":"Field","name":{"kind":"Name","value":"precision"}},{"kind":"Field","name":{"kind":"Name","value":"recall"}}]}},{"kind":"Field","name":{"kind":"Name","value":"confusionMatrix"}},{"kind":"Field","name":{"kind":"Name","value":"calibration"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"lower"}},{"kind":"Field","name":{"kind":"Name","value":"upper"}},{"kind":"Field","name":{"kind":"Name","value":"count"}},{"kind":"Field","name":{"kind":"Name","value":"averageConfidence"}},{"kind":"Field","name":{"kind":"Name","value":"accuracy"}}]}},{"kind":"Field","name":{"kind":"Name","value":"daily"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"day"}},{"kind":"Field","name":{"kind":"Name","value":"total"}},{"kind":"Field","name":{"kind":"Name","value":"labeled"}},{"kind":"Field","name":{"kind":"Name","value":"correct"}},{"kind":"Field","name":{"kind":"Name","value":"accuracy"}}]}}]}}]} as unknown as DocumentNode<StatsQuery, StatsQueryVariables>;
export const StatsChangedDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"StatsChanged"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"statsChanged"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"StatsFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"StatsFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Stats"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"total"}},{"kind":"Field","name":{"kind":"Name","value":"notDigits"}},{"kind":"Field","name":{"kind":"Name","value":"labeled"}},{"kind":"Field","name":{"kind":"Name","value":"correct"}},{"kind":"Field","name":{"kind":"Name","value":"accuracy"}},{"kind":"Field","name":{"kind":"Name","value":"averageConfidence"}},{"kind":"Field","name":{"kind":"Name","value":"expectedCalibrationError"}},{"kind":"Field","name":{"kind":"Name","value":"perDigit"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"digit"}},{"kind":"Field","name":{"kind":"Name","value":"predicted"}},{"kind":"Field","name":{"kind":"Name","value":"support"}},{"kind":"Field","name":{"kind":"Name","value":"precision"}},{"kind":"Field","name":{"kind":"Name","value":"recall"}}]}},{"kind":"Field","name":{"kind":"Name","value":"confusionMatrix"}},{"kind":"Field","name":{"kind":"Name","value":"calibration"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"lower"}},{"kind":"Field","name":{"kind":"Name","value":"upper"}},{"kind":"Field","name":{"kind":"Name","value":"count"}},{"kind":"Field","name":{"kind":"Name","value":"averageConfidence"}},{"kind":"Field","name":{"kind":"Name","value":"accuracy"}}]}},{"kind":"Field","name":{"kind":"Name","value":"daily"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"day"}},{"kind":"Field","name":{"kind":"Name","value":"total"}},{"kind":"Field","name":{"kind":"Name","value":"labeled"}},{"kind":"Field","name":{"kind":"Name","value":"correct"}},{"kind":"Field","name":{"kind":"Name","value":"accuracy"}}]}}]}}]} as unknown as DocumentNode<StatsChangedSubscription, StatsChangedSubscriptionVariables>;
export const ModelVersionsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ModelVersions"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"models"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"activatedAt"}}]}}]}}]} as unknown as DocumentNode<ModelVersionsQuery, ModelVersionsQueryVariables>;
export const VersionStatsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"VersionStats"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"modelVersion"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"stats"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"modelVersion"},"value":{"kind":"Variable","name":{"kind":"Name","value":"modelVersion"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"total"}},{"kind":"Field","name":{"kind":"Name","value":"labeled"}},{"kind":"Field","name":{"kind":"Name","value":"correct"}},{"kind":"Field","name":{"kind":"Name","value":"accuracy"}}]}}]}}]} as unknown as DocumentNode<VersionStatsQuery, VersionStatsQueryVariables>;
export const PredictImagesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"PredictImages"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"images"}},"type":{"kind":"NonNullType","type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"predictDigitsEach"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"images"},"value":{"kind":"Variable","name":{"kind":"Name","value":"images"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Prediction"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"digit"}},{"kind":"Field","name":{"kind":"Name","value":"confidence"}},{"kind":"Field","name":{"kind":"Name","value":"imageUrl"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ImageRejected"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"index"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}}]} as unknown as DocumentNode<PredictImagesMutation, PredictImagesMutationVariables>;
export const LabelPredictionDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"LabelPrediction"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"predictionId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"trueLabel"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"submitFeedback"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"predictionId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"predictionId"}}},{"kind":"Argument","name":{"kind":"Name","value":"trueLabel"},"value":{"kind":"Variable","name":{"kind":"Name","value":"trueLabel"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"trueLabel"}},{"kind":"Field","name":{"kind":"Name","value":"correct"}}]}}]}}]} as unknown as DocumentNode<LabelPredictionMutation, LabelPredictionMutationVariables>;