import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { loadConfig, type Config } from "../../api/src/config.ts";
import { buildAppSchema } from "../../api/src/graphql/build-schema.ts";
import { startServer } from "../../api/src/http/server.ts";
import { createServices } from "../../api/src/services/services.ts";

export interface TestServer {
  url: string;
  origin: string;
  config: Config;
  services: Awaited<ReturnType<typeof createServices>>;
  errors: unknown[];
  stop(): Promise<void>;
}

/** The real server in this process on a free port: PGlite in a temp dir unless databaseUrl is given. */
export async function startTestServer(env: Record<string, string> = {}): Promise<TestServer> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "digits-test-"));
  // Rate limiting is on by default; tests that exercise it turn it on themselves.
  const config = loadConfig({ PORT: "0", HOST: "127.0.0.1", DATA_DIR: dataDir, LOG_LEVEL: "silent", RATE_LIMIT_PER_MINUTE: "0", ...env });
  const services = await createServices(config);
  const schema = await buildAppSchema(services.pubSub);
  const errors: unknown[] = [];
  const server = await startServer(schema, services, (error) => errors.push(error));
  return {
    url: server.url,
    origin: `http://127.0.0.1:${server.port}`,
    config,
    services,
    errors,
    async stop() {
      await server.close();
      await services.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
