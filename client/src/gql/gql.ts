/* eslint-disable */
import * as types from './graphql.js';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  fragment PredictionSummary on Prediction {\n    id\n    digit\n    confidence\n    verdict\n    trueLabel\n    correct\n    createdAt\n    imageUrl\n  }\n": typeof types.PredictionSummaryFragmentDoc,
    "\n  query History($first: Int!, $after: String, $filter: HistoryFilter) {\n    history(first: $first, after: $after, filter: $filter) {\n      nodes {\n        ...PredictionSummary\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": typeof types.HistoryDocument,
    "\n  query PredictionDetail($id: ID!) {\n    prediction(id: $id) {\n      ...PredictionSummary\n      probabilities\n      modelVersion\n      modelInputUrl\n      labelStatus\n    }\n  }\n": typeof types.PredictionDetailDocument,
    "\n  subscription PredictionAdded {\n    predictionAdded {\n      ...PredictionSummary\n    }\n  }\n": typeof types.PredictionAddedDocument,
    "\n  subscription PredictionUpdated {\n    predictionUpdated {\n      ...PredictionSummary\n    }\n  }\n": typeof types.PredictionUpdatedDocument,
    "\n  subscription PredictionRemoved {\n    predictionRemoved\n  }\n": typeof types.PredictionRemovedDocument,
    "\n  mutation PredictDrawing($image: String!, $replaces: ID, $replaceToken: String) {\n    predictDrawing(image: $image, replaces: $replaces, replaceToken: $replaceToken) {\n      prediction {\n        id\n        digit\n        confidence\n        probabilities\n        verdict\n        trueLabel\n        correct\n        modelInputUrl\n      }\n      replaceToken\n    }\n  }\n": typeof types.PredictDrawingDocument,
    "\n  mutation SubmitFeedback($predictionId: ID!, $trueLabel: Int!) {\n    submitFeedback(predictionId: $predictionId, trueLabel: $trueLabel) {\n      id\n      trueLabel\n      correct\n    }\n  }\n": typeof types.SubmitFeedbackDocument,
    "\n  mutation DiscardPrediction($id: ID!, $replaceToken: String!) {\n    discardPrediction(id: $id, replaceToken: $replaceToken)\n  }\n": typeof types.DiscardPredictionDocument,
    "\n  query ReviewQueue($first: Int!, $after: String) {\n    reviewQueue(first: $first, after: $after) {\n      nodes {\n        id\n        digit\n        trueLabel\n        confidence\n        createdAt\n        imageUrl\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": typeof types.ReviewQueueDocument,
    "\n  mutation ApproveLabels($ids: [ID!]!) {\n    approveLabels(ids: $ids) {\n      id\n      labelStatus\n    }\n  }\n": typeof types.ApproveLabelsDocument,
    "\n  mutation RejectLabels($ids: [ID!]!) {\n    rejectLabels(ids: $ids) {\n      id\n      labelStatus\n    }\n  }\n": typeof types.RejectLabelsDocument,
    "\n  fragment StatsFields on Stats {\n    total\n    notDigits\n    labeled\n    correct\n    accuracy\n    averageConfidence\n    expectedCalibrationError\n    perDigit {\n      digit\n      predicted\n      support\n      precision\n      recall\n    }\n    confusionMatrix\n    calibration {\n      lower\n      upper\n      count\n      averageConfidence\n      accuracy\n    }\n    daily {\n      day\n      total\n      labeled\n      correct\n      accuracy\n    }\n  }\n": typeof types.StatsFieldsFragmentDoc,
    "\n  query Stats {\n    stats {\n      ...StatsFields\n    }\n  }\n": typeof types.StatsDocument,
    "\n  subscription StatsChanged {\n    statsChanged {\n      ...StatsFields\n    }\n  }\n": typeof types.StatsChangedDocument,
    "\n  query ModelVersions {\n    models {\n      version\n      status\n      activatedAt\n    }\n  }\n": typeof types.ModelVersionsDocument,
    "\n  query VersionStats($modelVersion: String!) {\n    stats(modelVersion: $modelVersion) {\n      total\n      labeled\n      correct\n      accuracy\n    }\n  }\n": typeof types.VersionStatsDocument,
    "\n  mutation PredictImages($images: [String!]!) {\n    predictDigitsEach(images: $images) {\n      __typename\n      ... on Prediction { id digit confidence imageUrl }\n      ... on ImageRejected { index code message }\n    }\n  }\n": typeof types.PredictImagesDocument,
    "\n  mutation LabelPrediction($predictionId: ID!, $trueLabel: Int!) {\n    submitFeedback(predictionId: $predictionId, trueLabel: $trueLabel) { id trueLabel correct }\n  }\n": typeof types.LabelPredictionDocument,
};
const documents: Documents = {
    "\n  fragment PredictionSummary on Prediction {\n    id\n    digit\n    confidence\n    verdict\n    trueLabel\n    correct\n    createdAt\n    imageUrl\n  }\n": types.PredictionSummaryFragmentDoc,
    "\n  query History($first: Int!, $after: String, $filter: HistoryFilter) {\n    history(first: $first, after: $after, filter: $filter) {\n      nodes {\n        ...PredictionSummary\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": types.HistoryDocument,
    "\n  query PredictionDetail($id: ID!) {\n    prediction(id: $id) {\n      ...PredictionSummary\n      probabilities\n      modelVersion\n      modelInputUrl\n      labelStatus\n    }\n  }\n": types.PredictionDetailDocument,
    "\n  subscription PredictionAdded {\n    predictionAdded {\n      ...PredictionSummary\n    }\n  }\n": types.PredictionAddedDocument,
    "\n  subscription PredictionUpdated {\n    predictionUpdated {\n      ...PredictionSummary\n    }\n  }\n": types.PredictionUpdatedDocument,
    "\n  subscription PredictionRemoved {\n    predictionRemoved\n  }\n": types.PredictionRemovedDocument,
    "\n  mutation PredictDrawing($image: String!, $replaces: ID, $replaceToken: String) {\n    predictDrawing(image: $image, replaces: $replaces, replaceToken: $replaceToken) {\n      prediction {\n        id\n        digit\n        confidence\n        probabilities\n        verdict\n        trueLabel\n        correct\n        modelInputUrl\n      }\n      replaceToken\n    }\n  }\n": types.PredictDrawingDocument,
    "\n  mutation SubmitFeedback($predictionId: ID!, $trueLabel: Int!) {\n    submitFeedback(predictionId: $predictionId, trueLabel: $trueLabel) {\n      id\n      trueLabel\n      correct\n    }\n  }\n": types.SubmitFeedbackDocument,
    "\n  mutation DiscardPrediction($id: ID!, $replaceToken: String!) {\n    discardPrediction(id: $id, replaceToken: $replaceToken)\n  }\n": types.DiscardPredictionDocument,
    "\n  query ReviewQueue($first: Int!, $after: String) {\n    reviewQueue(first: $first, after: $after) {\n      nodes {\n        id\n        digit\n        trueLabel\n        confidence\n        createdAt\n        imageUrl\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": types.ReviewQueueDocument,
    "\n  mutation ApproveLabels($ids: [ID!]!) {\n    approveLabels(ids: $ids) {\n      id\n      labelStatus\n    }\n  }\n": types.ApproveLabelsDocument,
    "\n  mutation RejectLabels($ids: [ID!]!) {\n    rejectLabels(ids: $ids) {\n      id\n      labelStatus\n    }\n  }\n": types.RejectLabelsDocument,
    "\n  fragment StatsFields on Stats {\n    total\n    notDigits\n    labeled\n    correct\n    accuracy\n    averageConfidence\n    expectedCalibrationError\n    perDigit {\n      digit\n      predicted\n      support\n      precision\n      recall\n    }\n    confusionMatrix\n    calibration {\n      lower\n      upper\n      count\n      averageConfidence\n      accuracy\n    }\n    daily {\n      day\n      total\n      labeled\n      correct\n      accuracy\n    }\n  }\n": types.StatsFieldsFragmentDoc,
    "\n  query Stats {\n    stats {\n      ...StatsFields\n    }\n  }\n": types.StatsDocument,
    "\n  subscription StatsChanged {\n    statsChanged {\n      ...StatsFields\n    }\n  }\n": types.StatsChangedDocument,
    "\n  query ModelVersions {\n    models {\n      version\n      status\n      activatedAt\n    }\n  }\n": types.ModelVersionsDocument,
    "\n  query VersionStats($modelVersion: String!) {\n    stats(modelVersion: $modelVersion) {\n      total\n      labeled\n      correct\n      accuracy\n    }\n  }\n": types.VersionStatsDocument,
    "\n  mutation PredictImages($images: [String!]!) {\n    predictDigitsEach(images: $images) {\n      __typename\n      ... on Prediction { id digit confidence imageUrl }\n      ... on ImageRejected { index code message }\n    }\n  }\n": types.PredictImagesDocument,
    "\n  mutation LabelPrediction($predictionId: ID!, $trueLabel: Int!) {\n    submitFeedback(predictionId: $predictionId, trueLabel: $trueLabel) { id trueLabel correct }\n  }\n": types.LabelPredictionDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment PredictionSummary on Prediction {\n    id\n    digit\n    confidence\n    verdict\n    trueLabel\n    correct\n    createdAt\n    imageUrl\n  }\n"): (typeof documents)["\n  fragment PredictionSummary on Prediction {\n    id\n    digit\n    confidence\n    verdict\n    trueLabel\n    correct\n    createdAt\n    imageUrl\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query History($first: Int!, $after: String, $filter: HistoryFilter) {\n    history(first: $first, after: $after, filter: $filter) {\n      nodes {\n        ...PredictionSummary\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"): (typeof documents)["\n  query History($first: Int!, $after: String, $filter: HistoryFilter) {\n    history(first: $first, after: $after, filter: $filter) {\n      nodes {\n        ...PredictionSummary\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PredictionDetail($id: ID!) {\n    prediction(id: $id) {\n      ...PredictionSummary\n      probabilities\n      modelVersion\n      modelInputUrl\n      labelStatus\n    }\n  }\n"): (typeof documents)["\n  query PredictionDetail($id: ID!) {\n    prediction(id: $id) {\n      ...PredictionSummary\n      probabilities\n      modelVersion\n      modelInputUrl\n      labelStatus\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription PredictionAdded {\n    predictionAdded {\n      ...PredictionSummary\n    }\n  }\n"): (typeof documents)["\n  subscription PredictionAdded {\n    predictionAdded {\n      ...PredictionSummary\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription PredictionUpdated {\n    predictionUpdated {\n      ...PredictionSummary\n    }\n  }\n"): (typeof documents)["\n  subscription PredictionUpdated {\n    predictionUpdated {\n      ...PredictionSummary\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription PredictionRemoved {\n    predictionRemoved\n  }\n"): (typeof documents)["\n  subscription PredictionRemoved {\n    predictionRemoved\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PredictDrawing($image: String!, $replaces: ID, $replaceToken: String) {\n    predictDrawing(image: $image, replaces: $replaces, replaceToken: $replaceToken) {\n      prediction {\n        id\n        digit\n        confidence\n        probabilities\n        verdict\n        trueLabel\n        correct\n        modelInputUrl\n      }\n      replaceToken\n    }\n  }\n"): (typeof documents)["\n  mutation PredictDrawing($image: String!, $replaces: ID, $replaceToken: String) {\n    predictDrawing(image: $image, replaces: $replaces, replaceToken: $replaceToken) {\n      prediction {\n        id\n        digit\n        confidence\n        probabilities\n        verdict\n        trueLabel\n        correct\n        modelInputUrl\n      }\n      replaceToken\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SubmitFeedback($predictionId: ID!, $trueLabel: Int!) {\n    submitFeedback(predictionId: $predictionId, trueLabel: $trueLabel) {\n      id\n      trueLabel\n      correct\n    }\n  }\n"): (typeof documents)["\n  mutation SubmitFeedback($predictionId: ID!, $trueLabel: Int!) {\n    submitFeedback(predictionId: $predictionId, trueLabel: $trueLabel) {\n      id\n      trueLabel\n      correct\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DiscardPrediction($id: ID!, $replaceToken: String!) {\n    discardPrediction(id: $id, replaceToken: $replaceToken)\n  }\n"): (typeof documents)["\n  mutation DiscardPrediction($id: ID!, $replaceToken: String!) {\n    discardPrediction(id: $id, replaceToken: $replaceToken)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ReviewQueue($first: Int!, $after: String) {\n    reviewQueue(first: $first, after: $after) {\n      nodes {\n        id\n        digit\n        trueLabel\n        confidence\n        createdAt\n        imageUrl\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"): (typeof documents)["\n  query ReviewQueue($first: Int!, $after: String) {\n    reviewQueue(first: $first, after: $after) {\n      nodes {\n        id\n        digit\n        trueLabel\n        confidence\n        createdAt\n        imageUrl\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ApproveLabels($ids: [ID!]!) {\n    approveLabels(ids: $ids) {\n      id\n      labelStatus\n    }\n  }\n"): (typeof documents)["\n  mutation ApproveLabels($ids: [ID!]!) {\n    approveLabels(ids: $ids) {\n      id\n      labelStatus\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RejectLabels($ids: [ID!]!) {\n    rejectLabels(ids: $ids) {\n      id\n      labelStatus\n    }\n  }\n"): (typeof documents)["\n  mutation RejectLabels($ids: [ID!]!) {\n    rejectLabels(ids: $ids) {\n      id\n      labelStatus\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment StatsFields on Stats {\n    total\n    notDigits\n    labeled\n    correct\n    accuracy\n    averageConfidence\n    expectedCalibrationError\n    perDigit {\n      digit\n      predicted\n      support\n      precision\n      recall\n    }\n    confusionMatrix\n    calibration {\n      lower\n      upper\n      count\n      averageConfidence\n      accuracy\n    }\n    daily {\n      day\n      total\n      labeled\n      correct\n      accuracy\n    }\n  }\n"): (typeof documents)["\n  fragment StatsFields on Stats {\n    total\n    notDigits\n    labeled\n    correct\n    accuracy\n    averageConfidence\n    expectedCalibrationError\n    perDigit {\n      digit\n      predicted\n      support\n      precision\n      recall\n    }\n    confusionMatrix\n    calibration {\n      lower\n      upper\n      count\n      averageConfidence\n      accuracy\n    }\n    daily {\n      day\n      total\n      labeled\n      correct\n      accuracy\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Stats {\n    stats {\n      ...StatsFields\n    }\n  }\n"): (typeof documents)["\n  query Stats {\n    stats {\n      ...StatsFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription StatsChanged {\n    statsChanged {\n      ...StatsFields\n    }\n  }\n"): (typeof documents)["\n  subscription StatsChanged {\n    statsChanged {\n      ...StatsFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ModelVersions {\n    models {\n      version\n      status\n      activatedAt\n    }\n  }\n"): (typeof documents)["\n  query ModelVersions {\n    models {\n      version\n      status\n      activatedAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query VersionStats($modelVersion: String!) {\n    stats(modelVersion: $modelVersion) {\n      total\n      labeled\n      correct\n      accuracy\n    }\n  }\n"): (typeof documents)["\n  query VersionStats($modelVersion: String!) {\n    stats(modelVersion: $modelVersion) {\n      total\n      labeled\n      correct\n      accuracy\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PredictImages($images: [String!]!) {\n    predictDigitsEach(images: $images) {\n      __typename\n      ... on Prediction { id digit confidence imageUrl }\n      ... on ImageRejected { index code message }\n    }\n  }\n"): (typeof documents)["\n  mutation PredictImages($images: [String!]!) {\n    predictDigitsEach(images: $images) {\n      __typename\n      ... on Prediction { id digit confidence imageUrl }\n      ... on ImageRejected { index code message }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation LabelPrediction($predictionId: ID!, $trueLabel: Int!) {\n    submitFeedback(predictionId: $predictionId, trueLabel: $trueLabel) { id trueLabel correct }\n  }\n"): (typeof documents)["\n  mutation LabelPrediction($predictionId: ID!, $trueLabel: Int!) {\n    submitFeedback(predictionId: $predictionId, trueLabel: $trueLabel) { id trueLabel correct }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;