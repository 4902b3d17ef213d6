import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MIGRATIONS_DIR, openDatabase, type Database } from "../../api/src/db/database.ts";
import { applyMigrations } from "../../api/src/db/migrate.ts";
import { pgliteSession } from "../../api/src/db/pglite-template.ts";
import { PredictionStore } from "../../api/src/db/predictions.ts";
import type { SqlSession } from "../../api/src/db/sql-session.ts";
import { loadStatsGroups, type StatsGroup } from "../../api/src/db/stats.ts";
import { PrismaClient } from "../../api/src/generated/prisma/client.ts";
import { codes, gql } from "../helpers/graphql.ts";
import { createThrowawayDatabase, POSTGRES_ADMIN_URL, postgresAvailable } from "../helpers/postgres.ts";
import { startTestServer, type TestServer } from "../helpers/test-server.ts";

/*
 * Bulk writes (backfills, restores, mass relabels) must not grow worse than linearly through the
 * stats triggers, and reads of stats must not scan predictions however many rows there are.
 */

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
const BACKFILL_ROWS = 300_000;

/**
 * Half the rows today (UTC), half over the ten days before; a third labeled. The image is a few
 * bytes: the triggers' cost, not the table's, is what is measured.
 */
const BACKFILL = `
  INSERT INTO predictions (predicted_digit, confidence, probabilities, true_label, image_data, model_version, verdict, "timestamp")
  SELECT g % 10, (0.1 + (g % 90) / 100.0)::real, array_fill(0.1::real, ARRAY[10]),
         CASE WHEN g % 3 = 0 THEN (g * 7) % 10 END, '\\x89504e47'::bytea, 'backfill',
         (CASE WHEN g % 11 = 0 THEN 'NOT_A_DIGIT' WHEN g % 5 = 0 THEN 'UNSURE' ELSE 'CONFIDENT' END)::"Verdict",
         CASE WHEN g % 2 = 0
           THEN date_trunc('day', now(), 'UTC') + ((g % 997) / 997.0) * (now() - date_trunc('day', now(), 'UTC'))
           ELSE now() - (g % 240) * interval '1 hour' - (g % 3600) * interval '1 second' END
  FROM generate_series(1, $1::int) AS g`;

const GROUP_KEYS = `date_trunc('hour', "timestamp", 'UTC') AS hour, predicted_digit, COALESCE(true_label, -1) AS true_label,
  CASE WHEN verdict = 'NOT_A_DIGIT' THEN -1 ELSE LEAST(FLOOR(confidence * 10), 9) END AS confidence_bucket, COUNT(*) AS count, SUM(confidence::float8) AS confidence_sum`;

/**
 * Aggregate rows that differ from a GROUP BY over predictions, per table (zero-count rows are
 * empty groups). Sums may differ by rounding only.
 */
const MISMATCHES = `
  WITH p AS (SELECT ${GROUP_KEYS} FROM predictions GROUP BY 1, 2, 3, 4),
  hourly AS (SELECT * FROM prediction_stats_hourly WHERE count <> 0),
  daily AS (SELECT * FROM prediction_stats WHERE count <> 0),
  total AS (SELECT * FROM prediction_stats_total WHERE count <> 0),
  by_model AS (SELECT * FROM prediction_stats_by_model WHERE count <> 0),
  p_model AS (SELECT model_version, predicted_digit, COALESCE(true_label, -1) AS true_label,
    CASE WHEN verdict = 'NOT_A_DIGIT' THEN -1 ELSE LEAST(FLOOR(confidence * 10), 9) END AS confidence_bucket, COUNT(*) AS count, SUM(confidence::float8) AS confidence_sum
    FROM predictions GROUP BY 1, 2, 3, 4),
  p_daily AS (SELECT (hour AT TIME ZONE 'UTC')::date AS day, predicted_digit, true_label, confidence_bucket, SUM(count) AS count, SUM(confidence_sum) AS confidence_sum FROM p GROUP BY 1, 2, 3, 4),
  p_total AS (SELECT predicted_digit, true_label, confidence_bucket, SUM(count) AS count, SUM(confidence_sum) AS confidence_sum FROM p GROUP BY 1, 2, 3)
  SELECT
    (SELECT COUNT(*) FROM p FULL JOIN hourly a USING (hour, predicted_digit, true_label, confidence_bucket)
      WHERE p.count IS DISTINCT FROM a.count OR abs(p.confidence_sum - a.confidence_sum) > 1e-6 * greatest(1, abs(p.confidence_sum)))::int AS hourly,
    (SELECT COUNT(*) FROM p_daily p FULL JOIN daily a USING (day, predicted_digit, true_label, confidence_bucket)
      WHERE p.count IS DISTINCT FROM a.count OR abs(p.confidence_sum - a.confidence_sum) > 1e-6 * greatest(1, abs(p.confidence_sum)))::int AS daily,
    (SELECT COUNT(*) FROM p_total p FULL JOIN total a USING (predicted_digit, true_label, confidence_bucket)
      WHERE p.count IS DISTINCT FROM a.count OR abs(p.confidence_sum - a.confidence_sum) > 1e-6 * greatest(1, abs(p.confidence_sum)))::int AS total,
    (SELECT COUNT(*) FROM p_model p FULL JOIN by_model a USING (model_version, predicted_digit, true_label, confidence_bucket)
      WHERE p.count IS DISTINCT FROM a.count OR abs(p.confidence_sum - a.confidence_sum) > 1e-6 * greatest(1, abs(p.confidence_sum)))::int AS by_model,
    (SELECT COUNT(*) FROM predictions)::int AS rows,
    (SELECT COUNT(*) FROM hourly)::int AS hourly_groups`;

interface Mismatches {
  by_model: number;
  hourly: number;
  daily: number;
  total: number;
  rows: number;
  hourly_groups: number;
}

async function expectExact(sql: SqlSession, rows: number): Promise<void> {
  const [m] = await sql.query<Mismatches>(MISMATCHES);
  expect(m).toMatchObject({ hourly: 0, daily: 0, total: 0, by_model: 0, rows });
  if (rows > 0) expect(m!.hourly_groups).toBeGreaterThan(0);
}

/** What stats(since:) must count: every prediction from the start of since's UTC hour, grouped. */
async function directGroups(sql: SqlSession, since: Date): Promise<StatsGroup[]> {
  const from = new Date(Math.floor(since.getTime() / HOUR_MS) * HOUR_MS);
  const rows = await sql.query<{ d: number; l: number; b: number; n: string; s: number }>(
    `SELECT predicted_digit AS d, COALESCE(true_label, -1) AS l, CASE WHEN verdict = 'NOT_A_DIGIT' THEN -1 ELSE LEAST(FLOOR(confidence * 10), 9) END AS b, COUNT(*)::text AS n, SUM(confidence::float8) AS s
     FROM predictions WHERE "timestamp" >= $1 GROUP BY 1, 2, 3`,
    [from],
  );
  return rows.map((r) => ({ predictedDigit: Number(r.d), trueLabel: Number(r.l), confidenceBucket: Number(r.b), count: Number(r.n), confidenceSum: Number(r.s) }));
}

const byKey = (groups: StatsGroup[]) =>
  [...groups].sort((a, b) => a.predictedDigit - b.predictedDigit || a.trueLabel - b.trueLabel || a.confidenceBucket - b.confidenceBucket);

function expectSameGroups(actual: StatsGroup[], expected: StatsGroup[]): void {
  const a = byKey(actual);
  const e = byKey(expected);
  expect(a.map(({ confidenceSum: _, ...key }) => key)).toEqual(e.map(({ confidenceSum: _, ...key }) => key));
  a.forEach((g, i) => expect(g.confidenceSum).toBeCloseTo(e[i]!.confidenceSum, 4));
}

const withPostgres = await postgresAvailable();

describe.skipIf(!withPostgres)("bulk writes and stats reads on PostgreSQL", () => {
  let dropDatabase = async () => {};
  let url: string;
  let db: Database;
  let admin: pg.Client;
  const reader = `stats_reader_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 6)}`;
  let readerPrisma: PrismaClient | undefined;

  beforeAll(async () => {
    const created = await createThrowawayDatabase("digits_bulk");
    url = created.url;
    dropDatabase = created.drop;
    db = await openDatabase({ databaseUrl: url, dataDir: "unused", statementTimeoutMs: 0 });
    admin = new pg.Client({ connectionString: url });
    await admin.connect();
  });
  afterAll(async () => {
    await readerPrisma?.$disconnect();
    await admin?.end();
    await db?.close();
    await dropDatabase();
    const cluster = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
    await cluster.connect();
    await cluster.query(`DROP ROLE IF EXISTS "${reader}"`);
    await cluster.end();
  });

  it(`backfills ${BACKFILL_ROWS.toLocaleString("en")} rows in one transaction in under a minute, aggregates exact`, { timeout: 60_000 }, async () => {
    const started = performance.now();
    await admin.query("BEGIN");
    await admin.query(BACKFILL, [BACKFILL_ROWS]);
    await admin.query("COMMIT");
    const ms = performance.now() - started;
    console.log(`PostgreSQL: ${BACKFILL_ROWS.toLocaleString("en")}-row backfill in one transaction: ${(ms / 1000).toFixed(2)} s`);
    await expectExact(db.sql, BACKFILL_ROWS);
  });

  it("keeps the aggregates exact through a mass relabel, a mass delete, a statement that changes nothing counted, and the replace CTE", async () => {
    let started = performance.now();
    await admin.query("UPDATE predictions SET true_label = (id * 3) % 10, labeled_at = now() WHERE id % 4 = 0");
    console.log(`PostgreSQL: relabel of ${(BACKFILL_ROWS / 4).toLocaleString("en")} rows in one statement: ${Math.round(performance.now() - started)} ms`);
    await expectExact(db.sql, BACKFILL_ROWS);

    // Unlabel some, move some to another hour, nudge confidences within and across buckets.
    await admin.query(`UPDATE predictions SET true_label = NULL WHERE id % 8 = 0`);
    await admin.query(`UPDATE predictions SET "timestamp" = "timestamp" - interval '90 minutes' WHERE id % 11 = 0`);
    await admin.query(`UPDATE predictions SET confidence = confidence + 0.004 WHERE id % 13 = 0 AND confidence < 0.99`);
    await admin.query(`UPDATE predictions SET labeled_at = now() WHERE id % 5 = 0`);
    await admin.query(`UPDATE predictions SET verdict = 'NOT_A_DIGIT' WHERE id % 17 = 0`);
    await expectExact(db.sql, BACKFILL_ROWS);

    started = performance.now();
    const { rowCount } = await admin.query("DELETE FROM predictions WHERE id % 6 = 1");
    console.log(`PostgreSQL: delete of ${rowCount!.toLocaleString("en")} rows in one statement: ${Math.round(performance.now() - started)} ms`);
    let rows = BACKFILL_ROWS - rowCount!;
    await expectExact(db.sql, rows);

    // predictDigit's replace: one statement that deletes a row and inserts another.
    const store = new PredictionStore(db.prisma, db.sql);
    const key = new Uint8Array(32).fill(7);
    const first = await store.create({ predictedDigit: 3, confidence: 0.61, probabilities: [0, 0, 0, 0.61, 0, 0, 0, 0, 0, 0.39], imageData: new Uint8Array([1]), modelVersion: "t", replaceKey: key, verdict: "CONFIDENT" as const, imageFormat: "png" as const });
    const second = await store.replace({ id: first.id, key }, { predictedDigit: 8, confidence: 0.97, probabilities: [0, 0, 0, 0.03, 0, 0, 0, 0, 0.97, 0], imageData: new Uint8Array([2]), modelVersion: "t", replaceKey: key, verdict: "CONFIDENT" as const, imageFormat: "png" as const });
    expect(second.replaced).toBe(true);
    rows += 1;
    await expectExact(db.sql, rows);
    // A multi-row VALUES insert, as group commit writes.
    await db.sql.query(`INSERT INTO predictions (predicted_digit, confidence, probabilities, image_data, model_version, verdict)
      SELECT d, 0.5, array_fill(0.1::real, ARRAY[10]), '\\x00', 't', v::"Verdict" FROM (VALUES (1, 'CONFIDENT'), (1, 'NOT_A_DIGIT'), (2, 'UNSURE')) r(d, v)`);
    rows += 3;
    await expectExact(db.sql, rows);
  });

  it("stats(since:) reads only the aggregates and counts from the start of since's hour", async () => {
    // A role that may read the aggregates but not predictions: any scan of predictions fails.
    await admin.query(`CREATE ROLE "${reader}" LOGIN`);
    await admin.query(`GRANT SELECT ON prediction_stats, prediction_stats_hourly, prediction_stats_total TO "${reader}"`);
    const readerUrl = new URL(url);
    readerUrl.username = reader;
    readerPrisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: readerUrl.toString() }) });
    await expect(readerPrisma.$queryRaw`SELECT 1 FROM predictions LIMIT 1`).rejects.toThrow(/permission denied/);

    const now = Date.now();
    const today = Math.floor(now / DAY_MS) * DAY_MS;
    const sinces = [
      new Date(today), // midnight UTC: daily rows only
      new Date(today + 1), // just after: counted from midnight's hour
      new Date(Math.max(today, Math.floor(now / HOUR_MS) * HOUR_MS - HOUR_MS)), // an hour boundary inside today
      new Date(today - DAY_MS + 5 * HOUR_MS + 17 * 60_000), // inside yesterday's sixth hour
      new Date(today - 30 * DAY_MS), // long ago
      new Date(now + DAY_MS), // tomorrow: nothing
    ];
    for (const since of sinces) {
      expectSameGroups(await loadStatsGroups(readerPrisma, { since }), await directGroups(db.sql, since));
    }
    const allTime = await db.sql.query<{ n: string }>("SELECT COUNT(*)::text AS n FROM predictions");
    const total = (await loadStatsGroups(readerPrisma)).reduce((sum, g) => sum + g.count, 0);
    expect(total).toBe(Number(allTime[0]!.n));

    // Latency with the backfill's rows today (print only: the point is that it stays flat).
    const startOfToday = new Date(today);
    const timings: number[] = [];
    for (let i = 0; i < 20; i++) {
      const started = performance.now();
      await loadStatsGroups(db.prisma, { since: startOfToday });
      timings.push(performance.now() - started);
    }
    timings.sort((a, b) => a - b);
    const [{ n: todayRows }] = (await db.sql.query<{ n: string }>(`SELECT COUNT(*)::text AS n FROM predictions WHERE "timestamp" >= $1`, [startOfToday])) as [{ n: string }];
    console.log(`PostgreSQL: stats(since: start of today) with ${Number(todayRows).toLocaleString("en")} rows today: p50 ${timings[10]!.toFixed(2)} ms, max ${timings[19]!.toFixed(2)} ms`);
  });
});

describe.skipIf(!withPostgres)("the statement timeout on PostgreSQL", () => {
  let dropDatabase = async () => {};
  let server: TestServer;
  let db: Database | undefined;

  beforeAll(async () => {
    const created = await createThrowawayDatabase("digits_timeout");
    dropDatabase = created.drop;
    server = await startTestServer({ DATABASE_URL: created.url, DB_STATEMENT_TIMEOUT_MS: "300" });
  });
  afterAll(async () => {
    await db?.close();
    await server?.stop();
    await dropDatabase();
  });

  it("does not apply to migrations, and cancels a query that runs past it", async () => {
    const created = await createThrowawayDatabase("digits_timeout_migrate");
    try {
      // 1 ms is far less than the migrations take: they run on a connection without it.
      db = await openDatabase({ databaseUrl: created.url, dataDir: "unused", statementTimeoutMs: 1 });
      // Read the migrated schema on a connection of its own: on a busy machine even a trivial
      // query on the pool may pass 1 ms and be cancelled.
      const inspector = new pg.Client({ connectionString: created.url });
      await inspector.connect();
      try {
        const tables = await inspector.query<{ name: string | null }>("SELECT to_regclass('predictions')::text AS name");
        expect(tables.rows[0]?.name).toBe("predictions");
      } finally {
        await inspector.end();
      }
      // The pool's own setting, read again when the 1 ms timeout cancels the read itself.
      const pool = db.sql;
      const showTimeout = async (triesLeft: number): Promise<string> => {
        try {
          const [row] = await pool.query<{ statement_timeout: string }>("SHOW statement_timeout");
          return row!.statement_timeout;
        } catch (error) {
          if (triesLeft > 1 && (error as { code?: string }).code === "57014") return showTimeout(triesLeft - 1);
          throw error;
        }
      };
      expect(await showTimeout(50)).toBe("1ms");
      await expect(db.sql.query("SELECT pg_sleep(0.2)")).rejects.toMatchObject({ code: "57014" });
    } finally {
      await db?.close();
      db = undefined;
      await created.drop();
    }
  });

  it("answers SERVICE_UNAVAILABLE when a query runs past it, and recovers", async () => {
    // Hold a lock the stats query waits on: it runs past the 300 ms timeout.
    const blocker = new pg.Client({ connectionString: server.config.databaseUrl });
    await blocker.connect();
    try {
      await blocker.query("BEGIN");
      await blocker.query("LOCK TABLE prediction_stats_total IN ACCESS EXCLUSIVE MODE");
      const started = performance.now();
      const res = await gql(server.url, "{ stats { total } }");
      expect(codes(res)).toEqual(["SERVICE_UNAVAILABLE"]);
      expect(res.errors?.[0]?.message).toMatch(/took too long/);
      expect(performance.now() - started).toBeLessThan(5000);
      // Through the plain-SQL session too.
      await expect(server.services.db.sql.query("SELECT pg_sleep(1)")).rejects.toMatchObject({ code: "57014" });
    } finally {
      await blocker.query("ROLLBACK");
      await blocker.end();
    }
    const res = await gql<{ stats: { total: number } }>(server.url, "{ stats { total } }");
    expect(res.errors).toBeUndefined();
    expect(res.data?.stats.total).toBe(0);
    expect(server.errors).toEqual([]);
  });
});

describe("the stats triggers on PGlite", () => {
  let pglite: PGlite;
  let sql: SqlSession;

  beforeAll(async () => {
    pglite = await PGlite.create();
    sql = pgliteSession(pglite);
    await applyMigrations(sql, MIGRATIONS_DIR);
  });
  afterAll(async () => {
    await pglite?.close();
  });

  it("keeps the aggregates exact through a bulk insert, COPY, relabel, delete and TRUNCATE", async () => {
    const rows = 20_000;
    await sql.exec("BEGIN");
    await sql.query(BACKFILL, [rows]);
    await sql.exec("COMMIT");
    await expectExact(sql, rows);

    const copied = ["7\t0.81\t2026-01-01 10:30:00+00\tCONFIDENT", "3\t0.31\t2026-01-01 23:59:59+05\tNOT_A_DIGIT", "3\t0.999\t2026-01-02 00:00:00+00\tCONFIDENT"];
    const blob = new Blob([copied.map((line) => `${line}\t{0,0,0,0,0,0,0,0,0,1}\t\\\\x00\tcopy\n`).join("")]);
    await pglite.query(`COPY predictions (predicted_digit, confidence, "timestamp", verdict, probabilities, image_data, model_version) FROM '/dev/blob'`, [], { blob });
    await expectExact(sql, rows + copied.length);

    await sql.exec("UPDATE predictions SET true_label = predicted_digit WHERE id % 3 = 1");
    await sql.exec("DELETE FROM predictions WHERE id % 5 = 0");
    const [{ n }] = (await sql.query<{ n: number }>("SELECT COUNT(*)::int AS n FROM predictions")) as [{ n: number }];
    await expectExact(sql, n);

    await sql.exec("TRUNCATE predictions");
    await expectExact(sql, 0);
    const [left] = await sql.query<{ n: number }>("SELECT (SELECT COUNT(*) FROM prediction_stats) + (SELECT COUNT(*) FROM prediction_stats_hourly) + (SELECT COUNT(*) FROM prediction_stats_total) AS n");
    expect(Number(left!.n)).toBe(0);
  });

  it("sets the statement timeout after migrating", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "digits-timeout-"));
    const embedded = await openDatabase({ databaseUrl: undefined, dataDir: dir, statementTimeoutMs: 250 });
    try {
      const [{ statement_timeout }] = (await embedded.sql.query<{ statement_timeout: string }>("SHOW statement_timeout")) as [{ statement_timeout: string }];
      expect(statement_timeout).toBe("250ms");
    } finally {
      await embedded.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
