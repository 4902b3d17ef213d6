import { graphql } from "../gql";

export const ReviewQueueQuery = graphql(`
  query ReviewQueue($first: Int!, $after: String) {
    reviewQueue(first: $first, after: $after) {
      nodes {
        id
        digit
        trueLabel
        confidence
        createdAt
        imageUrl
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

export const ApproveLabelsMutation = graphql(`
  mutation ApproveLabels($ids: [ID!]!) {
    approveLabels(ids: $ids) {
      id
      labelStatus
    }
  }
`);

export const RejectLabelsMutation = graphql(`
  mutation RejectLabels($ids: [ID!]!) {
    rejectLabels(ids: $ids) {
      id
      labelStatus
    }
  }
`);
