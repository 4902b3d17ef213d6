import type { Config } from "./config.ts";
import { openDatabase } from "./db/database.ts";
import { PredictionStore } from "./db/predictions.ts";
import { createMemoryPubSub } from "./events/pubsub.ts";
import { workerPreparer } from "./inference/image-pool.ts";
import { startInferenceThread } from "./inference/inference-thread.ts";
import { createRateLimiter } from "./limits/rate-limiter.ts";
import { createLogger } from "./observability/logger.ts";
import { createMetrics } from "./observability/metrics.ts";
import type { Services } from "./schema/context.ts";

/** Opens the database (migrating it), loads the model and wires the parts together. */
export async function createServices(config: Config): Promise<Services & { close(): Promise<void> }> {
  const logger = createLogger(config.logLevel);
  const log = (error: unknown) => logger.error({ err: error }, "background error");
  const [db, classifier] = await Promise.all([
    openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, statementTimeoutMs: config.statementTimeoutMs }),
    startInferenceThread(config.modelDir, config.maxBatch),
  ]);
  // Redis clients and inline image work are imported only when configured: the embedded default
  // starts without loading ioredis or jimp on this thread (about 0.3 s).
  const pubSub = config.redisUrl ? (await import("./events/redis-pubsub.ts")).createRedisPubSub(config.redisUrl, log) : createMemoryPubSub();
  const preparer = config.preprocessThreads > 0 ? workerPreparer(config) : (await import("./inference/prepare-image.ts")).inlinePreparer();
  const rateLimiter = await createRateLimiter(config.rateLimitPerMinute, config.redisUrl);
  return {
    config,
    db,
    store: new PredictionStore(db.prisma, db.sql),
    classifier,
    preparer,
    pubSub,
    rateLimiter,
    metrics: createMetrics(),
    logger,
    async close() {
      const steps: Array<[string, () => Promise<void>]> = [
        ["rate limiter", () => rateLimiter.close()],
        ["image workers", () => preparer.close()],
        ["pub/sub", () => pubSub.close()],
        ["model", () => classifier.close()],
        ["database", () => db.close()],
      ];
      for (const [name, close] of steps) {
        await close();
        logger.debug({ part: name }, "closed");
      }
    },
  };
}
