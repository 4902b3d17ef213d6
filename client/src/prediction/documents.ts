import { graphql } from "../gql";

// The payload's token lets this page replace the prediction after more strokes, or take it back.
export const PredictDrawingMutation = graphql(`
  mutation PredictDrawing($image: String!, $replaces: ID, $replaceToken: String) {
    predictDrawing(image: $image, replaces: $replaces, replaceToken: $replaceToken) {
      prediction {
        id
        digit
        confidence
        probabilities
        verdict
        trueLabel
        correct
        modelInputUrl
      }
      replaceToken
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
