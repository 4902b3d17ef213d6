import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../api/src/config.ts";

// Connection strings can come from files (Docker and Kubernetes secrets) as NAME_FILE.
describe("DATABASE_URL_FILE and REDIS_URL_FILE", () => {
  // Made when the tests run, not when the file is collected (vitest list collects without running afterAll).
  let dir: string;
  beforeAll(() => { dir = mkdtempSync(path.join(os.tmpdir(), "digits-secrets-")); });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const secret = (name: string, contents: string) => {
    const file = path.join(dir, name);
    writeFileSync(file, contents);
    return file;
  };

  it("reads the URL from the file, trimmed of the newline an editor or echo leaves", () => {
    const database = secret("database_url", "postgres://digits:s3cret@postgres:5432/digits\n");
    const redis = secret("redis_url", "  redis://redis:6379  \n");
    const config = loadConfig({ DATABASE_URL_FILE: database, REDIS_URL_FILE: redis });
    expect(config.databaseUrl).toBe("postgres://digits:s3cret@postgres:5432/digits");
    expect(config.redisUrl).toBe("redis://redis:6379");
  });

  it("still takes the plain variables, and leaves both unset without either", () => {
    expect(loadConfig({ DATABASE_URL: "postgres://a@b/c", REDIS_URL: "redis://r:6379" })).toMatchObject({ databaseUrl: "postgres://a@b/c", redisUrl: "redis://r:6379" });
    expect(loadConfig({})).toMatchObject({ databaseUrl: undefined, redisUrl: undefined });
  });

  it("treats an empty variable as unset, so a blank DATABASE_URL beside the file is no conflict", () => {
    const database = secret("database_url_blank_env", "postgres://x@y/z");
    expect(loadConfig({ DATABASE_URL: "", DATABASE_URL_FILE: database }).databaseUrl).toBe("postgres://x@y/z");
    expect(loadConfig({ DATABASE_URL: "postgres://x@y/z", DATABASE_URL_FILE: "  " }).databaseUrl).toBe("postgres://x@y/z");
  });

  it("refuses both the variable and the file, naming both", () => {
    const database = secret("database_url_both", "postgres://x@y/z");
    expect(() => loadConfig({ DATABASE_URL: "postgres://x@y/z", DATABASE_URL_FILE: database })).toThrow("DATABASE_URL and DATABASE_URL_FILE are both set");
    const redis = secret("redis_url_both", "redis://r:6379");
    expect(() => loadConfig({ REDIS_URL: "redis://r:6379", REDIS_URL_FILE: redis })).toThrow("REDIS_URL and REDIS_URL_FILE are both set");
  });

  it("names the file it cannot read, and refuses an empty one, without echoing any contents", () => {
    const missing = path.join(dir, "no-such-file");
    expect(() => loadConfig({ DATABASE_URL_FILE: missing })).toThrow(`DATABASE_URL_FILE: cannot read ${missing}`);
    expect(() => loadConfig({ DATABASE_URL_FILE: secret("empty", " \n") })).toThrow("is empty");
    if (process.getuid?.() !== 0) {
      const unreadable = secret("unreadable", "postgres://digits:s3cret@postgres/digits");
      chmodSync(unreadable, 0o000);
      expect(() => loadConfig({ DATABASE_URL_FILE: unreadable })).toThrow(/cannot read .*EACCES/);
    }
  });
});
