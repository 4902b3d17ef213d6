import { loadConfig } from "./config.ts";
import { buildAppSchema } from "./schema/build-schema.ts";
import { startServer } from "./server.ts";
import { createServices } from "./services.ts";

const started = performance.now();
const config = loadConfig();
const services = await createServices(config);
const schema = await buildAppSchema(services.pubSub);
const server = await startServer(schema, services);
const where = config.databaseUrl ? "PostgreSQL" : `embedded PGlite (${config.dataDir})`;
console.log(`Digit recognizer ready in ${Math.round(performance.now() - started)} ms on ${where}`);
console.log(`  app  http://localhost:${server.port}/\n  API  ${server.url}`);

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  console.log(`${signal}: draining connections and closing`);
  const force = setTimeout(() => process.exit(1), 10_000);
  force.unref();
  await server.close();
  await services.close();
  process.exit(0);
}
process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGINT", () => void shutdown("SIGINT"));
