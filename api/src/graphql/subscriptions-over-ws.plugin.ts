import type { ApolloServerPlugin } from "@apollo/server";
import { GraphQLError } from "graphql";

/** A subscription sent over HTTP would run as a query and fail obscurely: say where it belongs. */
export function subscriptionsOverWebSocketOnly<Context extends object>(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation }) {
          if (operation?.operation === "subscription") {
            throw new GraphQLError("Subscriptions run over WebSocket (graphql-ws protocol) at /graphql, not over HTTP", {
              extensions: { code: "BAD_REQUEST", http: { status: 400 } },
            });
          }
        },
      };
    },
  };
}
