import { graphql } from "../gql";

// What a list row shows of a prediction; history and the live feed share it.
export const PredictionSummaryFragment = graphql(`
  fragment PredictionSummary on Prediction {
    id
    digit
    confidence
    verdict
    trueLabel
    correct
    createdAt
    imageUrl
  }
`);
