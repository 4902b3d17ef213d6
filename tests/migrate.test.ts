import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyMigrations, readMigrations } from "../api/src/db/migrate.ts";
import { MIGRATIONS_DIR } from "../api/src/db/database.ts";
import type { SqlSession } from "../api/src/db/sql-session.ts";

describe("migrations", () => {
  let dir: string;
  let db: PGlite;
  let session: SqlSession;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "digits-migrate-"));
    db = await PGlite.create(path.join(dir, "db"));
    session = { exec: async (sql) => { await db.exec(sql); }, query: async <Row>(sql: string, params?: unknown[]) => (await db.query<Row>(sql, params)).rows };
  });
  afterAll(async () => {
    await db.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("applies every migration once and records it the way prisma migrate deploy does", async () => {
    const all = await readMigrations(MIGRATIONS_DIR);
    expect(await applyMigrations(session, MIGRATIONS_DIR)).toEqual(all.map((m) => m.name));
    expect(await applyMigrations(session, MIGRATIONS_DIR)).toEqual([]);
    const rows = await session.query<{ migration_name: string; checksum: string; finished_at: Date | null }>(
      `SELECT migration_name, checksum, finished_at FROM "_prisma_migrations" ORDER BY migration_name`,
    );
    expect(rows.map((r) => [r.migration_name, r.checksum])).toEqual(all.map((m) => [m.name, m.checksum]));
    expect(rows.every((r) => r.finished_at !== null)).toBe(true);
  });

  it("keeps the stats totals in step with inserts, relabels and deletes", async () => {
    await session.exec(`INSERT INTO predictions (predicted_digit, confidence, probabilities, image_data, model_version, verdict)
      VALUES (3, 0.95, ARRAY[0,0,0,0.95,0,0,0,0,0,0.05]::real[], '\\x00', 't', 'CONFIDENT'), (5, 0.42, ARRAY[0,0,0,0,0,0.42,0.3,0,0,0.28]::real[], '\\x00', 't', 'UNSURE'),
             (1, 0.3, ARRAY[0.1,0.3,0.1,0.1,0.1,0.1,0.05,0.05,0.05,0.05]::real[], '\\x00', 't', 'NOT_A_DIGIT')`);
    await session.exec(`UPDATE predictions SET true_label = 8 WHERE predicted_digit = 5`);
    await session.exec(`UPDATE predictions SET true_label = 6 WHERE predicted_digit = 5`);
    const totals = async () => session.query<{ predicted_digit: number; true_label: number; confidence_bucket: number; count: string }>(
      `SELECT predicted_digit, true_label, confidence_bucket, count::text FROM prediction_stats WHERE count <> 0 ORDER BY 1, 2`,
    );
    // Not-a-digit readings are kept apart, in confidence bucket -1.
    expect(await totals()).toEqual([
      { predicted_digit: 1, true_label: -1, confidence_bucket: -1, count: "1" },
      { predicted_digit: 3, true_label: -1, confidence_bucket: 9, count: "1" },
      { predicted_digit: 5, true_label: 6, confidence_bucket: 4, count: "1" },
    ]);
    await session.exec(`UPDATE predictions SET verdict = 'UNSURE' WHERE predicted_digit = 1`);
    expect((await totals())[0]).toEqual({ predicted_digit: 1, true_label: -1, confidence_bucket: 3, count: "1" });
    await session.exec(`DELETE FROM predictions WHERE predicted_digit = 1`);
    const allTime = await session.query<{ predicted_digit: number; true_label: number; count: string }>(
      `SELECT predicted_digit, true_label, count::text FROM prediction_stats_total WHERE count <> 0 ORDER BY 1, 2`,
    );
    expect(allTime).toEqual([{ predicted_digit: 3, true_label: -1, count: "1" }, { predicted_digit: 5, true_label: 6, count: "1" }]);
    await session.exec(`DELETE FROM predictions WHERE predicted_digit = 3`);
    expect(await totals()).toHaveLength(1);
  });

  it("refuses rows the API would never write", async () => {
    await expect(session.exec(`INSERT INTO predictions (predicted_digit, confidence, probabilities, image_data, model_version, verdict) VALUES (11, 0.5, ARRAY[0,0,0,0,0,0,0,0,0,1]::real[], '\\x00', 't', 'CONFIDENT')`)).rejects.toThrow();
    await expect(session.exec(`UPDATE predictions SET true_label = 10`)).rejects.toThrow();
  });

  it("refuses to run over a migration edited after it was applied", async () => {
    await session.exec(`UPDATE "_prisma_migrations" SET checksum = 'edited'`);
    await expect(applyMigrations(session, MIGRATIONS_DIR)).rejects.toThrow(/edited/);
  });
});
