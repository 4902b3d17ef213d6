import { availableParallelism } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** Repository root: this file sits in api/src (tsx) or api/dist (built), two levels down. */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");

export interface Config {
  port: number;
  host: string;
  /** PostgreSQL connection string; unset means the embedded PGlite database under dataDir. */
  databaseUrl: string | undefined;
  dataDir: string;
  redisUrl: string | undefined;
  modelDir: string;
  clientDist: string;
  ideDist: string;
  maxImageBytes: number;
  maxImageSide: number;
  maxBatch: number;
  /** Worker threads that decode and preprocess images; 0 does it on the main thread. */
  preprocessThreads: number;
  rateLimitPerMinute: number;
  /** Proxies whose X-Forwarded-For is believed, as Express's "trust proxy": hops (true = all) or addresses. */
  trustProxy: number | string | false;
  introspection: boolean;
  ide: boolean;
  logLevel: string;
}

type Env = Record<string, string | undefined>;

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`${name} must be an integer between ${min} and ${max}, got "${raw}"`);
  }
  return value;
}

function flag(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name]?.toLowerCase();
  if (raw === undefined || raw === "") return fallback;
  if (["1", "true", "yes", "on"].includes(raw)) return true;
  if (["0", "false", "no", "off"].includes(raw)) return false;
  throw new Error(`${name} must be true or false, got "${raw}"`);
}

function optional(env: Env, name: string): string | undefined {
  const raw = env[name]?.trim();
  return raw ? raw : undefined;
}

function trustProxy(raw: string | undefined): number | string | false {
  if (!raw || raw === "false" || raw === "0") return false;
  if (raw === "true") return Infinity;
  return /^\d+$/.test(raw) ? Number(raw) : raw;
}

/** Every environment variable the server reads, parsed and validated in one place. */
export function loadConfig(env: Env = process.env): Config {
  const fromRoot = (p: string) => path.resolve(repoRoot, p);
  return {
    port: integer(env, "PORT", 4000, 0, 65535),
    host: env.HOST || "0.0.0.0",
    databaseUrl: optional(env, "DATABASE_URL"),
    dataDir: fromRoot(env.DATA_DIR || ".data"),
    redisUrl: optional(env, "REDIS_URL"),
    modelDir: fromRoot(env.MODEL_DIR || "model-artifacts"),
    clientDist: fromRoot(env.CLIENT_DIST || "client/dist"),
    ideDist: fromRoot(env.IDE_DIST || "client/dist-ide"),
    maxImageBytes: integer(env, "MAX_IMAGE_BYTES", 2 * 1024 * 1024, 1024, 64 * 1024 * 1024),
    maxImageSide: integer(env, "MAX_IMAGE_SIDE", 2048, 28, 16384),
    maxBatch: integer(env, "MAX_BATCH", 64, 1, 1024),
    preprocessThreads: integer(env, "PREPROCESS_THREADS", availableParallelism(), 0, 64),
    rateLimitPerMinute: integer(env, "RATE_LIMIT_PER_MINUTE", 0, 0, 1_000_000),
    trustProxy: trustProxy(env.TRUST_PROXY),
    introspection: flag(env, "INTROSPECTION", true),
    ide: flag(env, "IDE", true),
    logLevel: env.LOG_LEVEL || "info",
  };
}
