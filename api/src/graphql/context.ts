import type { Config } from "../config.ts";
import type { Database } from "../db/database.ts";
import type { PredictionStore } from "../db/predictions.ts";
import type { AppPubSub } from "../events/pubsub.ts";
import type { DigitClassifier } from "../inference/inference-thread.ts";
import type { ImagePreparer } from "../inference/recognizer.ts";
import type { RateLimiter } from "../limits/rate-limiter.ts";
import type { Logger } from "../observability/logger.ts";
import type { Metrics } from "../observability/metrics.ts";

/** Long-lived parts of the server, created once in main.ts. */
export interface Services {
  config: Config;
  db: Database;
  store: PredictionStore;
  /** The model, run on its own thread. */
  classifier: DigitClassifier;
  preparer: ImagePreparer;
  pubSub: AppPubSub;
  rateLimiter: RateLimiter;
  metrics: Metrics;
  logger: Logger;
}

/** What every resolver receives. */
export interface Context {
  services: Services;
  /** The caller's address, for rate limiting and logs. */
  clientIp: string;
  /** Sets an HTTP response header (absent over WebSocket). */
  setHeader?: (name: string, value: string) => void;
}
