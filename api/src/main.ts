import { loadConfig } from "./config.ts";
import { buildAppSchema } from "./graphql/build-schema.ts";
import { startServer } from "./http/server.ts";
import { createServices } from "./services/services.ts";

const started = performance.now();
/** Time allowed to close the database, model and workers once HTTP has drained. */
const SERVICES_CLOSE_MS = 5000;
const config = loadConfig();
const services = await createServices(config);
const { logger } = services;
// Last line of defence: a stray rejection is a bug to log, not a reason to drop every client.
process.on("unhandledRejection", (reason) => logger.error({ err: reason }, "unhandled rejection"));

const schema = await buildAppSchema(services.pubSub);
const server = await startServer(schema, services);
// Signal handlers go in before "ready" is printed: a supervisor may signal as soon as it reads it.
let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, "draining connections and closing");
  // The HTTP drain is bounded by shutdownTimeoutMs; this also bounds closing the services after it.
  const force = setTimeout(() => {
    logger.error("shutdown did not finish in time; exiting anyway");
    process.exit(1);
  }, config.shutdownTimeoutMs + SERVICES_CLOSE_MS);
  force.unref();
  try {
    await server.close();
    await services.close();
  } catch (error) {
    logger.error({ err: error }, "shutdown failed");
    process.exit(1);
  }
  logger.info("stopped");
  process.exit(0);
}
process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGINT", () => void shutdown("SIGINT"));

const database = config.databaseUrl ? "PostgreSQL" : `embedded PGlite (${config.dataDir})`;
const ms = Math.round(performance.now() - started);
logger.info({ port: server.port, database: services.db.kind, redis: Boolean(config.redisUrl), model: services.models.current().version, startupMs: ms }, "ready");
console.log(`Digit recognizer ready in ${ms} ms on ${database}`);
console.log(`  app  http://localhost:${server.port}/\n  API  ${server.url}${config.ide ? "  (GraphQL IDE in a browser)" : ""}`);
