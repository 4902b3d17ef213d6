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
    "\n  fragment SdkPrediction on Prediction {\n    id\n    digit\n    confidence\n    probabilities\n    verdict\n    trueLabel\n    correct\n    labelStatus\n    createdAt\n    imageUrl\n    modelInputUrl\n    modelVersion\n  }\n": typeof types.SdkPredictionFragmentDoc,
    "\n  fragment SdkStats on Stats {\n    total\n    notDigits\n    labeled\n    correct\n    accuracy\n    averageConfidence\n    expectedCalibrationError\n    perDigit { digit predicted support precision recall }\n    confusionMatrix\n    calibration { lower upper count averageConfidence accuracy }\n    daily { day total notDigits labeled correct accuracy }\n  }\n": typeof types.SdkStatsFragmentDoc,
    "\n  mutation SdkPredict($image: String!, $replaces: ID, $replaceToken: String) {\n    predictDrawing(image: $image, replaces: $replaces, replaceToken: $replaceToken) {\n      prediction { ...SdkPrediction }\n      replaceToken\n    }\n  }\n": typeof types.SdkPredictDocument,
    "\n  mutation SdkPredictMany($images: [String!]!) {\n    predictDigitsEach(images: $images) {\n      __typename\n      ... on Prediction { ...SdkPrediction }\n      ... on ImageRejected { index code message }\n    }\n  }\n": typeof types.SdkPredictManyDocument,
    "\n  mutation SdkFeedback($predictionId: ID!, $trueLabel: Int!) {\n    submitFeedback(predictionId: $predictionId, trueLabel: $trueLabel) { ...SdkPrediction }\n  }\n": typeof types.SdkFeedbackDocument,
    "\n  query SdkHistory($first: Int, $after: String, $filter: HistoryFilter) {\n    history(first: $first, after: $after, filter: $filter) {\n      nodes { ...SdkPrediction }\n      pageInfo { hasNextPage endCursor hasPreviousPage startCursor }\n    }\n  }\n": typeof types.SdkHistoryDocument,
    "\n  query SdkStats($since: DateTimeISO, $until: DateTimeISO, $modelVersion: String) {\n    stats(since: $since, until: $until, modelVersion: $modelVersion) { ...SdkStats }\n  }\n": typeof types.SdkStatsDocument,
    "\n  subscription SdkPredictionAdded($digit: Int) {\n    predictionAdded(digit: $digit) { ...SdkPrediction }\n  }\n": typeof types.SdkPredictionAddedDocument,
    "\n  subscription SdkPredictionUpdated($digit: Int) {\n    predictionUpdated(digit: $digit) { ...SdkPrediction }\n  }\n": typeof types.SdkPredictionUpdatedDocument,
    "\n  subscription SdkPredictionRemoved {\n    predictionRemoved\n  }\n": typeof types.SdkPredictionRemovedDocument,
    "\n  subscription SdkStatsChanged {\n    statsChanged { ...SdkStats }\n  }\n": typeof types.SdkStatsChangedDocument,
};
const documents: Documents = {
    "\n  fragment SdkPrediction on Prediction {\n    id\n    digit\n    confidence\n    probabilities\n    verdict\n    trueLabel\n    correct\n    labelStatus\n    createdAt\n    imageUrl\n    modelInputUrl\n    modelVersion\n  }\n": types.SdkPredictionFragmentDoc,
    "\n  fragment SdkStats on Stats {\n    total\n    notDigits\n    labeled\n    correct\n    accuracy\n    averageConfidence\n    expectedCalibrationError\n    perDigit { digit predicted support precision recall }\n    confusionMatrix\n    calibration { lower upper count averageConfidence accuracy }\n    daily { day total notDigits labeled correct accuracy }\n  }\n": types.SdkStatsFragmentDoc,
    "\n  mutation SdkPredict($image: String!, $replaces: ID, $replaceToken: String) {\n    predictDrawing(image: $image, replaces: $replaces, replaceToken: $replaceToken) {\n      prediction { ...SdkPrediction }\n      replaceToken\n    }\n  }\n": types.SdkPredictDocument,
    "\n  mutation SdkPredictMany($images: [String!]!) {\n    predictDigitsEach(images: $images) {\n      __typename\n      ... on Prediction { ...SdkPrediction }\n      ... on ImageRejected { index code message }\n    }\n  }\n": types.SdkPredictManyDocument,
    "\n  mutation SdkFeedback($predictionId: ID!, $trueLabel: Int!) {\n    submitFeedback(predictionId: $predictionId, trueLabel: $trueLabel) { ...SdkPrediction }\n  }\n": types.SdkFeedbackDocument,
    "\n  query SdkHistory($first: Int, $after: String, $filter: HistoryFilter) {\n    history(first: $first, after: $after, filter: $filter) {\n      nodes { ...SdkPrediction }\n      pageInfo { hasNextPage endCursor hasPreviousPage startCursor }\n    }\n  }\n": types.SdkHistoryDocument,
    "\n  query SdkStats($since: DateTimeISO, $until: DateTimeISO, $modelVersion: String) {\n    stats(since: $since, until: $until, modelVersion: $modelVersion) { ...SdkStats }\n  }\n": types.SdkStatsDocument,
    "\n  subscription SdkPredictionAdded($digit: Int) {\n    predictionAdded(digit: $digit) { ...SdkPrediction }\n  }\n": types.SdkPredictionAddedDocument,
    "\n  subscription SdkPredictionUpdated($digit: Int) {\n    predictionUpdated(digit: $digit) { ...SdkPrediction }\n  }\n": types.SdkPredictionUpdatedDocument,
    "\n  subscription SdkPredictionRemoved {\n    predictionRemoved\n  }\n": types.SdkPredictionRemovedDocument,
    "\n  subscription SdkStatsChanged {\n    statsChanged { ...SdkStats }\n  }\n": types.SdkStatsChangedDocument,
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
export function graphql(source: "\n  fragment SdkPrediction on Prediction {\n    id\n    digit\n    confidence\n    probabilities\n    verdict\n    trueLabel\n    correct\n    labelStatus\n    createdAt\n    imageUrl\n    modelInputUrl\n    modelVersion\n  }\n"): (typeof documents)["\n  fragment SdkPrediction on Prediction {\n    id\n    digit\n    confidence\n    probabilities\n    verdict\n    trueLabel\n    correct\n    labelStatus\n    createdAt\n    imageUrl\n    modelInputUrl\n    modelVersion\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment SdkStats on Stats {\n    total\n    notDigits\n    labeled\n    correct\n    accuracy\n    averageConfidence\n    expectedCalibrationError\n    perDigit { digit predicted support precision recall }\n    confusionMatrix\n    calibration { lower upper count averageConfidence accuracy }\n    daily { day total notDigits labeled correct accuracy }\n  }\n"): (typeof documents)["\n  fragment SdkStats on Stats {\n    total\n    notDigits\n    labeled\n    correct\n    accuracy\n    averageConfidence\n    expectedCalibrationError\n    perDigit { digit predicted support precision recall }\n    confusionMatrix\n    calibration { lower upper count averageConfidence accuracy }\n    daily { day total notDigits labeled correct accuracy }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SdkPredict($image: String!, $replaces: ID, $replaceToken: String) {\n    predictDrawing(image: $image, replaces: $replaces, replaceToken: $replaceToken) {\n      prediction { ...SdkPrediction }\n      replaceToken\n    }\n  }\n"): (typeof documents)["\n  mutation SdkPredict($image: String!, $replaces: ID, $replaceToken: String) {\n    predictDrawing(image: $image, replaces: $replaces, replaceToken: $replaceToken) {\n      prediction { ...SdkPrediction }\n      replaceToken\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SdkPredictMany($images: [String!]!) {\n    predictDigitsEach(images: $images) {\n      __typename\n      ... on Prediction { ...SdkPrediction }\n      ... on ImageRejected { index code message }\n    }\n  }\n"): (typeof documents)["\n  mutation SdkPredictMany($images: [String!]!) {\n    predictDigitsEach(images: $images) {\n      __typename\n      ... on Prediction { ...SdkPrediction }\n      ... on ImageRejected { index code message }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SdkFeedback($predictionId: ID!, $trueLabel: Int!) {\n    submitFeedback(predictionId: $predictionId, trueLabel: $trueLabel) { ...SdkPrediction }\n  }\n"): (typeof documents)["\n  mutation SdkFeedback($predictionId: ID!, $trueLabel: Int!) {\n    submitFeedback(predictionId: $predictionId, trueLabel: $trueLabel) { ...SdkPrediction }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SdkHistory($first: Int, $after: String, $filter: HistoryFilter) {\n    history(first: $first, after: $after, filter: $filter) {\n      nodes { ...SdkPrediction }\n      pageInfo { hasNextPage endCursor hasPreviousPage startCursor }\n    }\n  }\n"): (typeof documents)["\n  query SdkHistory($first: Int, $after: String, $filter: HistoryFilter) {\n    history(first: $first, after: $after, filter: $filter) {\n      nodes { ...SdkPrediction }\n      pageInfo { hasNextPage endCursor hasPreviousPage startCursor }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SdkStats($since: DateTimeISO, $until: DateTimeISO, $modelVersion: String) {\n    stats(since: $since, until: $until, modelVersion: $modelVersion) { ...SdkStats }\n  }\n"): (typeof documents)["\n  query SdkStats($since: DateTimeISO, $until: DateTimeISO, $modelVersion: String) {\n    stats(since: $since, until: $until, modelVersion: $modelVersion) { ...SdkStats }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription SdkPredictionAdded($digit: Int) {\n    predictionAdded(digit: $digit) { ...SdkPrediction }\n  }\n"): (typeof documents)["\n  subscription SdkPredictionAdded($digit: Int) {\n    predictionAdded(digit: $digit) { ...SdkPrediction }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription SdkPredictionUpdated($digit: Int) {\n    predictionUpdated(digit: $digit) { ...SdkPrediction }\n  }\n"): (typeof documents)["\n  subscription SdkPredictionUpdated($digit: Int) {\n    predictionUpdated(digit: $digit) { ...SdkPrediction }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription SdkPredictionRemoved {\n    predictionRemoved\n  }\n"): (typeof documents)["\n  subscription SdkPredictionRemoved {\n    predictionRemoved\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription SdkStatsChanged {\n    statsChanged { ...SdkStats }\n  }\n"): (typeof documents)["\n  subscription SdkStatsChanged {\n    statsChanged { ...SdkStats }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;