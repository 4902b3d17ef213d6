import type http from "node:http";
import { parse, specifiedRules, validate, type GraphQLError, type GraphQLSchema, type ValidationRule } from "graphql";
import { useServer } from "graphql-ws/use/ws";
import { WebSocketServer } from "ws";
import { MAX_TOKENS } from "../limits/armor.ts";
import type { Context, Services } from "../schema/context.ts";

/** graphql-ws subscriptions on the HTTP server's /graphql path; returns what disposes it. */
export function startWebSocketServer(
  httpServer: http.Server,
  schema: GraphQLSchema,
  services: Services,
  rules: ValidationRule[],
  clientIp: (req: http.IncomingMessage) => string,
) {
  const wsServer = new WebSocketServer({ server: httpServer, path: "/graphql", maxPayload: 8 * 1024 * 1024 });
  return useServer<Record<string, unknown>, { clientIp: string }>(
    {
      schema,
      // The same shape limits as HTTP: refuse before subscribing (graphql-ws has no rule option).
      onSubscribe: (_ctx, _id, payload) => {
        try {
          const errors = validate(schema, parse(payload.query, { maxTokens: MAX_TOKENS }), [...specifiedRules, ...rules]);
          return errors.length > 0 ? errors : undefined;
        } catch (error) {
          return [error as GraphQLError];
        }
      },
      context: (ctx): Context => ({ services, clientIp: clientIp(ctx.extra.request) }),
    },
    wsServer,
  );
}
