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
  /** Stops serving (as a crash or a deploy would), keeping the data; `up` starts it again on the same port. */
  down(): Promise<void>;
  up(): Promise<void>;
  stop(): Promise<void>;
}

/** The real server in this process on a free port: PGlite in a temp dir unless databaseUrl is given. */
export async function startTestServer(env: Record<string, string> = {}): Promise<TestServer> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "digits-test-"));
  // Rate limiting is on by default; tests that exercise it turn it on themselves.
  const settings = { PORT: "0", HOST: "127.0.0.1", DATA_DIR: dataDir, LOG_LEVEL: "silent", RATE_LIMIT_PER_MINUTE: "0", ...env };
  const errors: unknown[] = [];
  const boot = async () => {
    const config = loadConfig(settings);
    const services = await createServices(config);
    const schema = await buildAppSchema(services.pubSub);
    const server = await startServer(schema, services, (error) => errors.push(error));
    // A restart comes back where clients left it.
    settings.PORT = String(server.port);
    return { config, services, server };
  };
  let running: Awaited<ReturnType<typeof boot>> | null = await boot();
  const halt = async () => {
    if (!running) return;
    await running.server.close();
    await running.services.close();
    running = null;
  };
  const test: TestServer = {
    url: running.server.url,
    origin: `http://127.0.0.1:${running.server.port}`,
    config: running.config,
    services: running.services,
    errors,
    down: halt,
    async up() {
      running ??= await boot();
      test.services = running.services;
      test.config = running.config;
    },
    async stop() {
      await halt();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
  return test;
}
