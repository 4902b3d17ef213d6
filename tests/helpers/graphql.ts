// One way to POST GraphQL for tests and scripts alike: it lives in scripts/lib.
export { codes, gql, type GraphQLResponse } from "../../scripts/lib/graphql-client.ts";
