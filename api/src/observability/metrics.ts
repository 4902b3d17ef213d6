import { Counter, Histogram, Registry, collectDefaultMetrics } from "prom-client";

/** Prometheus metrics of one server (its own registry, so several servers can share a process). */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return {
    registry,
    requests: new Counter({
      name: "graphql_operations_total",
      help: "GraphQL operations by root field (or multiple, invalid) and type",
      labelNames: ["operation", "type"] as const,
      registers: [registry],
    }),
    requestDuration: new Histogram({
      name: "graphql_operation_duration_seconds",
      help: "Time from request start to response, by root field",
      labelNames: ["operation"] as const,
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    }),
    errors: new Counter({
      name: "graphql_errors_total",
      help: "Errors returned, by extensions.code (other: a code the server does not give out)",
      labelNames: ["code"] as const,
      registers: [registry],
    }),
    predictionLatency: new Histogram({
      name: "prediction_latency_seconds",
      help: "Decode + preprocess + inference of one image",
      buckets: [0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5],
      registers: [registry],
    }),
    predictions: new Counter({
      name: "predictions_total",
      help: "Stored predictions by predicted digit",
      labelNames: ["digit"] as const,
      registers: [registry],
    }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
