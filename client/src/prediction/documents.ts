import { graphql } from "../gql";

export const PredictDigitMutation = graphql(`
  mutation PredictDigit($image: String!, $replaces: ID) {
    predictDigit(image: $image, replaces: $replaces) {
      id
      digit
      confidence
      probabilities
      trueLabel
      correct
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
