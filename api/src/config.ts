import { readFileSync } from "node:fs";
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
  /** Rate-limit points per client per minute (0 = off): images by their pixels, reads by their cost. */
  rateLimitPerMinute: number;
  /** Processor time an image may take to decode before it is abandoned and its worker thread replaced. */
  imageTimeoutMs: number;
  /** Heap cap of each image worker thread (MB); pixel buffers are bounded by the size checks. */
  imageWorkerMemoryMb: number;
  /** Most images one client may have queued or decoding at once. */
  imagesInFlightPerClient: number;
  /** Most graphql-ws subscriptions on one socket. */
  wsMaxSubscriptionsPerSocket: number;
  /** Most WebSockets one client (address) may hold open. */
  wsMaxSocketsPerClient: number;
  /** A socket whose unsent data passes this many bytes is a slow consumer and is closed. */
  wsMaxBufferedBytes: number;
  /** Browser origins allowed to open a WebSocket besides the server's own (same origin). */
  allowedOrigins: string[];
  /** PostgreSQL statement_timeout for the API's queries (ms); 0 = none. */
  statementTimeoutMs: number;
  /** Time a client has to send its request headers (ms). */
  headersTimeoutMs: number;
  /** Time a client has to send a whole request, body included (ms): an 8 MB body on a slow link fits. */
  requestTimeoutMs: number;
  /** On SIGTERM, how long requests in flight may take before the server exits anyway (ms). */
  shutdownTimeoutMs: number;
  /** Proxies whose X-Forwarded-For is believed, as Express's "trust proxy": hops (true = all) or addresses. */
  trustProxy: number | string | false;
  /**
   * Where people and scripts reach the server (e.g. https://digits.example.com): image URLs in
   * answers start with it. Unset: http://localhost:<port>.
   */
  publicUrl: string | undefined;
  introspection: boolean;
  ide: boolean;
  logLevel: string;
}

type Env = Record<string, string | undefined>;

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  // Plain decimal digits only: Number() would also take " ", "0x10" or "1e3".
  const value = /^-?\d+$/.test(raw.trim()) ? Number(raw) : NaN;
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

/**
 * NAME, or the contents of the file NAME_FILE points to (trimmed), so that a connection string
 * with a password can come from a Docker or Kubernetes secret instead of the environment, which
 * `docker inspect` and child processes show. Both set is an error: neither may silently win.
 */
function fromEnvOrFile(env: Env, name: string): string | undefined {
  const file = optional(env, `${name}_FILE`);
  const direct = optional(env, name);
  if (!file) return direct;
  if (direct) throw new Error(`${name} and ${name}_FILE are both set; set only one of them`);
  let contents: string;
  try {
    contents = readFileSync(file, "utf8");
  } catch (error) {
    throw new Error(`${name}_FILE: cannot read ${file}: ${(error as Error).message}`);
  }
  const value = contents.trim();
  if (!value) throw new Error(`${name}_FILE: ${file} is empty`);
  return value;
}

function list(env: Env, name: string): string[] {
  return (env[name] ?? "").split(",").map((entry) => entry.trim()).filter(Boolean);
}

/** An http(s) origin, optionally with a path prefix, without a trailing slash. */
function publicUrl(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(`PUBLIC_URL is not a URL: ${raw}`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new Error(`PUBLIC_URL must be http(s), not ${url.protocol}`);
  if (url.search || url.hash || url.username || url.password) throw new Error("PUBLIC_URL takes an origin and a path only (no query, fragment or credentials)");
  return `${url.origin}${url.pathname}`.replace(/\/+$/, "");
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
    databaseUrl: fromEnvOrFile(env, "DATABASE_URL"),
    dataDir: fromRoot(env.DATA_DIR || ".data"),
    redisUrl: fromEnvOrFile(env, "REDIS_URL"),
    modelDir: fromRoot(env.MODEL_DIR || "model-artifacts"),
    clientDist: fromRoot(env.CLIENT_DIST || "client/dist"),
    ideDist: fromRoot(env.IDE_DIST || "client/dist-ide"),
    maxImageBytes: integer(env, "MAX_IMAGE_BYTES", 2 * 1024 * 1024, 1024, 64 * 1024 * 1024),
    maxImageSide: integer(env, "MAX_IMAGE_SIDE", 2048, 28, 16384),
    maxBatch: integer(env, "MAX_BATCH", 64, 1, 1024),
    preprocessThreads: integer(env, "PREPROCESS_THREADS", availableParallelism(), 0, 64),
    rateLimitPerMinute: integer(env, "RATE_LIMIT_PER_MINUTE", 600, 0, 1_000_000),
    imageTimeoutMs: integer(env, "IMAGE_TIMEOUT_MS", 1000, 50, 60_000),
    imageWorkerMemoryMb: integer(env, "IMAGE_WORKER_MEMORY_MB", 192, 32, 4096),
    imagesInFlightPerClient: integer(env, "IMAGES_IN_FLIGHT_PER_CLIENT", 128, 1, 100_000),
    wsMaxSubscriptionsPerSocket: integer(env, "WS_MAX_SUBSCRIPTIONS_PER_SOCKET", 32, 1, 100_000),
    wsMaxSocketsPerClient: integer(env, "WS_MAX_SOCKETS_PER_CLIENT", 16, 1, 100_000),
    wsMaxBufferedBytes: integer(env, "WS_MAX_BUFFERED_BYTES", 4 * 1024 * 1024, 64 * 1024, 1024 * 1024 * 1024),
    allowedOrigins: list(env, "ALLOWED_ORIGINS"),
    statementTimeoutMs: integer(env, "DB_STATEMENT_TIMEOUT_MS", 10_000, 0, 3_600_000),
    headersTimeoutMs: integer(env, "HTTP_HEADERS_TIMEOUT_MS", 20_000, 1000, 600_000),
    requestTimeoutMs: integer(env, "HTTP_REQUEST_TIMEOUT_MS", 180_000, 1000, 3_600_000),
    shutdownTimeoutMs: integer(env, "SHUTDOWN_TIMEOUT_MS", 10_000, 100, 600_000),
    trustProxy: trustProxy(env.TRUST_PROXY),
    publicUrl: publicUrl(optional(env, "PUBLIC_URL")),
    introspection: flag(env, "INTROSPECTION", true),
    ide: flag(env, "IDE", true),
    logLevel: env.LOG_LEVEL || "info",
  };
}
