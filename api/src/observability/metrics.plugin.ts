import type { ApolloServerPlugin } from "@apollo/server";
import type { Metrics } from "./metrics.ts";

/** Counts and times every GraphQL operation, and counts returned errors by code. */
export function metricsPlugin<Context extends object>(metrics: Metrics): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      const started = process.hrtime.bigint();
      return {
        async willSendResponse(ctx) {
          const operation = ctx.operationName ?? (ctx.operation ? "anonymous" : "invalid");
          metrics.requests.inc({ operation, type: ctx.operation?.operation ?? "unknown" });
          metrics.requestDuration.observe({ operation }, Number(process.hrtime.bigint() - started) / 1e9);
          const body = ctx.response.body;
          const errors = body.kind === "single" ? body.singleResult.errors : undefined;
          for (const error of errors ?? []) metrics.errors.inc({ code: String(error.extensions?.code ?? "UNKNOWN") });
        },
      };
    },
  };
}
