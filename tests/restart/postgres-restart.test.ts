import { execFileSync, spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApiProcess, type ApiProcess } from "../helpers/api-process.ts";
import { canvasOfDigit, dataUrl } from "../helpers/fixtures.ts";
import { gql } from "../helpers/graphql.ts";
import { createThrowawayDatabase, postgresAvailable } from "../helpers/postgres.ts";

// Restarts the real PostgreSQL cluster, so this file runs alone, after every other test
// (vitest.restart.config.ts), never beside tests that share the database server.
const cluster = (() => {
  try {
    return readdirSync("/etc/postgresql")[0];
  } catch {
    return undefined;
  }
})();
const canRestart = (await postgresAvailable()) && cluster !== undefined && spawnSync("which", ["pg_ctlcluster"]).status === 0;
const PREDICT = "mutation($image: String!) { predictDigit(image: $image) { id digit } }";

describe.skipIf(!canRestart)("PostgreSQL restarted in the middle of load", () => {
  let api: ApiProcess;
  let db: Awaited<ReturnType<typeof createThrowawayDatabase>>;
  beforeAll(async () => {
    db = await createThrowawayDatabase("digits_restart");
    api = await startApiProcess({ DATABASE_URL: db.url, RATE_LIMIT_PER_MINUTE: "0" });
  });
  afterAll(async () => {
    await api?.stop();
    await db?.drop().catch(() => {});
  });

  it("gives clear errors during, full service after, and no lost or corrupted rows", { timeout: 120_000 }, async () => {
    const canvases = await Promise.all([0, 1, 2, 3].map((i) => canvasOfDigit(i)));
    const succeeded: string[] = [];
    const errors = new Map<string, number>();
    const onSuccess: Array<() => void> = [];
    /** Resolves once `count` predictions have succeeded since the load began. */
    const succeededAtLeast = async (count: number) => {
      while (succeeded.length < count) await new Promise<void>((resolve) => onSuccess.push(resolve));
    };
    let stop = false;
    const worker = async (n: number) => {
      for (let i = n; !stop; i += 8) {
        const res = await gql<{ predictDigit: { id: string } }>(api.url, PREDICT, { image: dataUrl(canvases[i % 4]!.png) }).catch(() => ({ errors: [{ message: "network", extensions: { code: "NETWORK" } }], data: null }));
        if (res.data?.predictDigit) {
          succeeded.push(res.data.predictDigit.id);
          onSuccess.splice(0).forEach((wake) => wake());
        }
        for (const e of res.errors ?? []) errors.set(String(e.extensions?.code), (errors.get(String(e.extensions?.code)) ?? 0) + 1);
      }
    };
    const load = Promise.all(Array.from({ length: 8 }, (_, n) => worker(n)));
    // Restart under load: every worker has had answers, and requests are in flight.
    await succeededAtLeast(24);
    const before = succeeded.length;
    const restartStarted = Date.now();
    execFileSync("pg_ctlcluster", ["--skip-systemctl-redirect", cluster!, "main", "restart"], { stdio: "ignore" });
    const restartMs = Date.now() - restartStarted;
    // Keep the load on until the API stores predictions again on the restarted cluster.
    await succeededAtLeast(succeeded.length + 24);
    stop = true;
    await load;
    console.log(`restart: ${restartMs} ms; ${succeeded.length} predictions ok (${before} before the restart), errors ${JSON.stringify(Object.fromEntries(errors))}`);

    // Clear errors only: the database being away is SERVICE_UNAVAILABLE, nothing else.
    expect([...errors.keys()].filter((code) => code !== "SERVICE_UNAVAILABLE")).toEqual([]);
    // Full service afterwards.
    for (const c of canvases) {
      const res = await gql<{ predictDigit: { digit: number } }>(api.url, PREDICT, { image: dataUrl(c.png) });
      expect(res.data?.predictDigit.digit).toBe(c.label);
    }
    expect(succeeded.length).toBeGreaterThan(before);

    // Every acknowledged prediction is stored; every row is whole.
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    const { rows } = await client.query<{ id: number; predicted_digit: number; probabilities: number[]; confidence: number; png: boolean }>(
      `SELECT id, predicted_digit, probabilities, confidence, substring(image_data from 1 for 8) = '\\x89504e470d0a1a0a'::bytea AS png FROM predictions`,
    );
    const stats = await client.query<{ total: string }>("SELECT sum(count)::text AS total FROM prediction_stats");
    await client.end();
    const stored = new Set(rows.map((r) => String(r.id)));
    expect(succeeded.filter((id) => !stored.has(id))).toEqual([]);
    // A commit whose answer was lost in the restart may leave a row the client saw fail.
    expect(rows.length - succeeded.length - canvases.length).toBeLessThanOrEqual(errors.get("SERVICE_UNAVAILABLE") ?? 0);
    for (const r of rows) {
      expect(r.png).toBe(true);
      expect(r.probabilities).toHaveLength(10);
      expect(r.probabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 3);
      expect(r.probabilities.indexOf(Math.max(...r.probabilities))).toBe(r.predicted_digit);
    }
    expect(Number(stats.rows[0]!.total)).toBe(rows.length);
  });
});
