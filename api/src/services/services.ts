import type { Config } from "../config.ts";
import { ApiKeyStore } from "../db/api-keys.ts";
import { openDatabase, type Database } from "../db/database.ts";
import { PredictionStore } from "../db/predictions.ts";
import { createMemoryPubSub, type AppPubSub } from "../events/pubsub.ts";
import { ModelVersionStore } from "../db/model-versions.ts";
import { workerPreparer } from "../inference/image-pool.ts";
import { startModelHost, type ModelHost } from "../inference/inference-pool.ts";
import { readModelFolder } from "../inference/model-card.ts";
import type { ImagePreparer } from "../inference/recognizer.ts";
import { createRateLimiter, type RateLimiter } from "../limits/rate-limiter.ts";
import { createLogger, type Logger } from "../observability/logger.ts";
import { createMetrics, type Metrics } from "../observability/metrics.ts";
import { ApiKeyService, AUTH_FAILURES_PER_MINUTE } from "./api-keys.service.ts";
import { ModelRegistry } from "./model-registry.service.ts";
import { PredictionService } from "./prediction.service.ts";
import { PublicLinks } from "./public-links.ts";
import { StatsFeed } from "./stats-feed.service.ts";
import { loadStats } from "./stats.service.ts";

/** Long-lived parts of the server, created once at start. */
export interface Services {
  config: Config;
  db: Database;
  store: PredictionStore;
  predictions: PredictionService;
  apiKeys: ApiKeyService;
  /** The model served now (the registry's active version), run on its own thread. */
  models: ModelHost;
  registry: ModelRegistry;
  /** The statistics pushed to live viewers. */
  statsFeed: StatsFeed;
  /** Absolute URLs for answers (the images). */
  links: PublicLinks;
  preparer: ImagePreparer;
  pubSub: AppPubSub;
  rateLimiter: RateLimiter;
  metrics: Metrics;
  logger: Logger;
}

/** Opens the database (migrating it), loads the model and wires the parts together. */
export async function createServices(config: Config): Promise<Services & { close(): Promise<void> }> {
  const logger = createLogger(config.logLevel);
  const log = (error: unknown) => logger.error({ err: error }, "background error");
  const [db, bundled] = await Promise.all([
    openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, statementTimeoutMs: config.statementTimeoutMs }),
    readModelFolder(config.modelDir),
  ]);
  // Redis clients and inline image work are imported only when configured: the embedded default
  // starts without loading ioredis, or jimp on this thread.
  const pubSub = config.redisUrl ? (await import("../events/redis-pubsub.ts")).createRedisPubSub(config.redisUrl, log) : createMemoryPubSub();
  const registry = new ModelRegistry({ store: new ModelVersionStore(db.prisma), pubSub, log });
  // Usually the shipped model is the active one: load it while the registry is checked.
  const [models, active] = await Promise.all([startModelHost(bundled), registry.prepare(bundled)]);
  await models.serve(active.card, active.onnx);
  const following = registry.follow(models);
  const preparer = config.preprocessThreads > 0 ? workerPreparer(config) : (await import("../inference/prepare-image.ts")).inlinePreparer();
  const rateLimiter = await createRateLimiter(config.rateLimitPerMinute, config.redisUrl);
  const authFailures = await createRateLimiter(AUTH_FAILURES_PER_MINUTE, config.redisUrl, "auth-failures");
  const metrics = createMetrics();
  const store = new PredictionStore(db.prisma, db.sql);
  const predictions = new PredictionService({ store, preparer, models, pubSub, metrics, limits: config });
  const statsFeed = new StatsFeed({ pubSub, load: () => loadStats(db.prisma), log });
  const apiKeys = new ApiKeyService({ store: new ApiKeyStore(db.prisma), failures: authFailures, log });
  return {
    config,
    db,
    store,
    predictions,
    apiKeys,
    models,
    registry,
    statsFeed,
    links: new PublicLinks(config.publicUrl),
    preparer,
    pubSub,
    rateLimiter,
    metrics,
    logger,
    async close() {
      const steps: Array<[string, () => Promise<void>]> = [
        ["rate limiter", () => rateLimiter.close()],
        ["authentication limiter", () => authFailures.close()],
        ["image workers", () => preparer.close()],
        ["model registry", async () => following.stop()],
        ["pub/sub", () => pubSub.close()],
        ["model", () => models.close()],
        ["database", () => db.close()],
      ];
      for (const [name, close] of steps) {
        await close();
        logger.debug({ part: name }, "closed");
      }
    },
  };
}
