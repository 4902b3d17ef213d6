import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { repoRoot } from "../../api/src/config.ts";
import { freePort } from "../lib/api-process.ts";
import { COMPILED_SERVER } from "../lib/fresh-build.ts";

/** Wall time from spawning the server (as `npm start` runs it) until GET /healthz answers. */
async function timeStart(dataDir: string): Promise<number> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, [COMPILED_SERVER], {
    cwd: repoRoot,
    env: { ...process.env, PORT: String(port), HOST: "127.0.0.1", DATA_DIR: dataDir, LOG_LEVEL: "warn", DATABASE_URL: "", REDIS_URL: "" },
    stdio: "ignore",
  });
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
      const ok = await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.ok, () => false);
      if (ok) return performance.now() - started;
      if (performance.now() - started > 60_000) throw new Error("server did not start in 60 s");
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  } finally {
    child.kill("SIGTERM");
    await new Promise((resolve) => child.once("exit", resolve));
  }
}

/** Embedded database start-up: first start on an empty data dir, then a later start on it. */
export async function embeddedStartup(): Promise<{ firstMs: number; laterMs: number }> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "digits-bench-start-"));
  try {
    const firstMs = await timeStart(dataDir);
    const laterMs = await timeStart(dataDir);
    return { firstMs, laterMs };
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}
