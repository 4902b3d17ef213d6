import { graphql } from "../gql";

export const PredictionAddedSubscription = graphql(`
  subscription PredictionAdded {
    predictionAdded {
      ...PredictionSummary
    }
  }
`);

export const PredictionUpdatedSubscription = graphql(`
  subscription PredictionUpdated {
    predictionUpdated {
      ...PredictionSummary
    }
  }
`);

export const PredictionRemovedSubscription = graphql(`
  subscription PredictionRemoved {
    predictionRemoved
  }
`);
