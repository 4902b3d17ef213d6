import { graphql } from "./gql/index.js";

export const SdkPredictionFragment = graphql(`
  fragment SdkPrediction on Prediction {
    id
    digit
    confidence
    probabilities
    verdict
    trueLabel
    correct
    labelStatus
    createdAt
    imageUrl
    modelInputUrl
    modelVersion
  }
`);

export const SdkStatsFragment = graphql(`
  fragment SdkStats on Stats {
    total
    notDigits
    labeled
    correct
    accuracy
    averageConfidence
    expectedCalibrationError
    perDigit { digit predicted support precision recall }
    confusionMatrix
    calibration { lower upper count averageConfidence accuracy }
    daily { day total notDigits labeled correct accuracy }
  }
`);

export const PredictDocument = graphql(`
  mutation SdkPredict($image: String!, $replaces: ID, $replaceToken: String) {
    predictDrawing(image: $image, replaces: $replaces, replaceToken: $replaceToken) {
      prediction { ...SdkPrediction }
      replaceToken
    }
  }
`);

export const PredictManyDocument = graphql(`
  mutation SdkPredictMany($images: [String!]!) {
    predictDigitsEach(images: $images) {
      __typename
      ... on Prediction { ...SdkPrediction }
      ... on ImageRejected { index code message }
    }
  }
`);

export const FeedbackDocument = graphql(`
  mutation SdkFeedback($predictionId: ID!, $trueLabel: Int!) {
    submitFeedback(predictionId: $predictionId, trueLabel: $trueLabel) { ...SdkPrediction }
  }
`);

export const HistoryDocument = graphql(`
  query SdkHistory($first: Int, $after: String, $filter: HistoryFilter) {
    history(first: $first, after: $after, filter: $filter) {
      nodes { ...SdkPrediction }
      pageInfo { hasNextPage endCursor hasPreviousPage startCursor }
    }
  }
`);

export const StatsDocument = graphql(`
  query SdkStats($since: DateTimeISO, $until: DateTimeISO, $modelVersion: String) {
    stats(since: $since, until: $until, modelVersion: $modelVersion) { ...SdkStats }
  }
`);

export const PredictionAddedDocument = graphql(`
  subscription SdkPredictionAdded($digit: Int) {
    predictionAdded(digit: $digit) { ...SdkPrediction }
  }
`);

export const PredictionUpdatedDocument = graphql(`
  subscription SdkPredictionUpdated($digit: Int) {
    predictionUpdated(digit: $digit) { ...SdkPrediction }
  }
`);

export const PredictionRemovedDocument = graphql(`
  subscription SdkPredictionRemoved {
    predictionRemoved
  }
`);

export const StatsChangedDocument = graphql(`
  subscription SdkStatsChanged {
    statsChanged { ...SdkStats }
  }
`);
