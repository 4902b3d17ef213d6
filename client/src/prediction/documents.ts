import { graphql } from "../gql";

export const PredictDigitMutation = graphql(`
  mutation PredictDigit($image: String!, $replaces: ID, $replaceToken: String) {
    predictDigit(image: $image, replaces: $replaces, replaceToken: $replaceToken) {
      id
      replaceToken
      digit
      confidence
      probabilities
      verdict
      trueLabel
      correct
      modelInputUrl
    }
  }
`);

export const SubmitFeedbackMutation = graphql(`
  mutation SubmitFeedback($predictionId: ID!, $trueLabel: Int!) {
    submitFeedback(predictionId: $predictionId, trueLabel: $trueLabel) {
      id
      trueLabel
      correct
    }
  }
`);

export const DiscardPredictionMutation = graphql(`
  mutation DiscardPrediction($id: ID!, $replaceToken: String!) {
    discardPrediction(id: $id, replaceToken: $replaceToken)
  }
`);
