import { graphql } from "../gql";

export const HistoryQuery = graphql(`
  query History($first: Int!, $after: String, $filter: HistoryFilter) {
    history(first: $first, after: $after, filter: $filter) {
      nodes {
        ...PredictionSummary
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

// Everything one prediction holds, for the history's detail view.
export const PredictionDetailQuery = graphql(`
  query PredictionDetail($id: ID!) {
    prediction(id: $id) {
      ...PredictionSummary
      probabilities
      modelVersion
      modelInputUrl
      labelStatus
    }
  }
`);
