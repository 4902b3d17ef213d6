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
