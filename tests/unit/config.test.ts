import { availableParallelism } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfig, repoRoot } from "../../api/src/config.ts";

// Reading connection strings from *_FILE secrets is covered by config-secrets.test.ts.
describe("loadConfig", () => {
  it("runs with no environment at all, on defaults a laptop can use", () => {
    expect(loadConfig({})).toEqual({
      port: 4000,
      host: "0.0.0.0",
      databaseUrl: undefined,
      dataDir: path.join(repoRoot, ".data"),
      redisUrl: undefined,
      modelDir: path.join(repoRoot, "model-artifacts"),
      clientDist: path.join(repoRoot, "client", "dist"),
      ideDist: path.join(repoRoot, "client", "dist-ide"),
      maxImageBytes: 2 * 1024 * 1024,
      maxImageSide: 2048,
      maxBatch: 64,
      preprocessThreads: availableParallelism(),
      rateLimitPerMinute: 600,
      imageTimeoutMs: 1000,
      imageWorkerMemoryMb: 192,
      imagesInFlightPerClient: 128,
      wsMaxSubscriptionsPerSocket: 32,
      wsMaxSocketsPerClient: 16,
      wsMaxBufferedBytes: 4 * 1024 * 1024,
      allowedOrigins: [],
      statementTimeoutMs: 10_000,
      headersTimeoutMs: 20_000,
      requestTimeoutMs: 180_000,
      shutdownTimeoutMs: 10_000,
      trustProxy: false,
      publicUrl: undefined,
      introspection: true,
      ide: true,
      logLevel: "info",
    });
  });

  it("takes the public URL as an http(s) origin with an optional path, and refuses anything else", () => {
    expect(loadConfig({ PUBLIC_URL: "https://digits.example.com/" }).publicUrl).toBe("https://digits.example.com");
    expect(loadConfig({ PUBLIC_URL: "http://example.com:8080/digits/" }).publicUrl).toBe("http://example.com:8080/digits");
    expect(() => loadConfig({ PUBLIC_URL: "digits.example.com" })).toThrow("PUBLIC_URL is not a URL");
    expect(() => loadConfig({ PUBLIC_URL: "ftp://example.com" })).toThrow("PUBLIC_URL must be http(s)");
    expect(() => loadConfig({ PUBLIC_URL: "https://example.com/?a=1" })).toThrow("no query");
  });

  it("finds the repository root from its own location, wherever the process starts", () => {
    expect(path.join(repoRoot, "api", "src", "config.ts")).toBe(path.resolve(import.meta.dirname, "..", "..", "api", "src", "config.ts"));
  });

  it("resolves relative folders from the repository root and keeps absolute ones", () => {
    const config = loadConfig({ DATA_DIR: "tmp/data", MODEL_DIR: "/opt/model", CLIENT_DIST: "../elsewhere" });
    expect(config.dataDir).toBe(path.join(repoRoot, "tmp", "data"));
    expect(config.modelDir).toBe("/opt/model");
    expect(config.clientDist).toBe(path.resolve(repoRoot, "..", "elsewhere"));
  });

  it("reads numbers, treating an empty variable as unset", () => {
    const config = loadConfig({ PORT: "0", MAX_BATCH: "1", PREPROCESS_THREADS: "0", RATE_LIMIT_PER_MINUTE: "0", SHUTDOWN_TIMEOUT_MS: "", MAX_IMAGE_SIDE: "28" });
    expect(config).toMatchObject({ port: 0, maxBatch: 1, preprocessThreads: 0, rateLimitPerMinute: 0, shutdownTimeoutMs: 10_000, maxImageSide: 28 });
  });

  it("refuses numbers that are not integers or out of range, naming the variable, the range and the value", () => {
    expect(() => loadConfig({ PORT: "http" })).toThrow('PORT must be an integer between 0 and 65535, got "http"');
    expect(() => loadConfig({ PORT: "65536" })).toThrow('PORT must be an integer between 0 and 65535, got "65536"');
    expect(() => loadConfig({ MAX_BATCH: "2.5" })).toThrow('MAX_BATCH must be an integer between 1 and 1024, got "2.5"');
    expect(() => loadConfig({ MAX_BATCH: "0" })).toThrow("MAX_BATCH must be an integer between 1 and 1024");
    expect(() => loadConfig({ MAX_IMAGE_SIDE: "27" })).toThrow("MAX_IMAGE_SIDE must be an integer between 28 and 16384");
    expect(() => loadConfig({ IMAGE_TIMEOUT_MS: "-5" })).toThrow("IMAGE_TIMEOUT_MS must be an integer between 50 and 60000");
    // Only decimal digits: a blank would otherwise read as 0 (rate limiting off), hex and exponents as numbers.
    expect(() => loadConfig({ RATE_LIMIT_PER_MINUTE: " " })).toThrow("RATE_LIMIT_PER_MINUTE must be an integer");
    expect(() => loadConfig({ MAX_BATCH: "0x10" })).toThrow("MAX_BATCH must be an integer");
    expect(() => loadConfig({ MAX_BATCH: "1e1" })).toThrow("MAX_BATCH must be an integer");
  });

  it("reads switches in the usual spellings and refuses others", () => {
    for (const on of ["1", "true", "TRUE", "yes", "on"]) expect(loadConfig({ INTROSPECTION: on }).introspection).toBe(true);
    for (const off of ["0", "false", "No", "off"]) expect(loadConfig({ IDE: off }).ide).toBe(false);
    expect(() => loadConfig({ IDE: "maybe" })).toThrow('IDE must be true or false, got "maybe"');
  });

  it("splits the allowed origins list, dropping blanks", () => {
    expect(loadConfig({ ALLOWED_ORIGINS: " https://a.example, https://b.example,, " }).allowedOrigins).toEqual(["https://a.example", "https://b.example"]);
  });

  it("reads TRUST_PROXY as Express does: off, every hop, a hop count, or addresses", () => {
    expect(["", "false", "0"].map((raw) => loadConfig({ TRUST_PROXY: raw }).trustProxy)).toEqual([false, false, false]);
    expect(loadConfig({ TRUST_PROXY: "true" }).trustProxy).toBe(Infinity);
    expect(loadConfig({ TRUST_PROXY: "2" }).trustProxy).toBe(2);
    expect(loadConfig({ TRUST_PROXY: "loopback, 10.0.0.0/8" }).trustProxy).toBe("loopback, 10.0.0.0/8");
  });

  it("takes host and log level as given", () => {
    expect(loadConfig({ HOST: "127.0.0.1", LOG_LEVEL: "debug" })).toMatchObject({ host: "127.0.0.1", logLevel: "debug" });
  });
});
