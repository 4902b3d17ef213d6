import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { repoRoot } from "../config.ts";
import { PrismaClient } from "../generated/prisma/client.ts";
import { applyMigrations } from "./migrate.ts";
import { lockDataDir } from "./pglite-lock.ts";
import { loadTemplate, pgliteSession } from "./pglite-template.ts";
import type { SqlSession } from "./sql-session.ts";

export const MIGRATIONS_DIR = path.join(repoRoot, "prisma", "migrations");

export interface Database {
  prisma: PrismaClient;
  /** Plain parameterised SQL on the same connections, for the hot path (see predictions.ts). */
  sql: SqlSession;
  kind: "postgres" | "pglite";
  /** Cheap round trip for readiness checks. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  databaseUrl: string | undefined;
  dataDir: string;
  migrate?: boolean;
  /** statement_timeout (ms) for every query after migrating, so no one query holds a connection for long; 0 or unset = none. */
  statementTimeoutMs?: number;
}

/** A SqlSession on a pg pool (each query on any free connection) or on one checked-out client. */
const pgSession = (db: pg.Pool | pg.ClientBase): SqlSession => ({
  exec: async (sql) => { await db.query(sql); },
  query: async <Row>(sql: string, params?: unknown[]) => (await db.query(sql, params)).rows as Row[],
});

async function openPostgres(url: string, migrate: boolean, statementTimeoutMs: number): Promise<Database> {
  if (migrate) {
    // A connection of its own, without the pool's statement timeout: a migration may backfill a
    // big table. One session for the whole run: the migrator's advisory lock belongs to it.
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
    client.on("error", () => {});
    await client.connect();
    try {
      await applyMigrations(pgSession(client), MIGRATIONS_DIR);
    } finally {
      await client.end();
    }
  }
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    connectionTimeoutMillis: 5000,
    idleTimeoutMillis: 30_000,
    ...(statementTimeoutMs > 0 ? { statement_timeout: statementTimeoutMs } : {}),
  });
  // An idle client losing its connection (database restart) must not crash the process.
  pool.on("error", () => {});
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  return {
    prisma,
    sql: pgSession(pool),
    kind: "postgres",
    ping: async () => { await pool.query("SELECT 1"); },
    close: async () => { await prisma.$disconnect(); await pool.end(); },
  };
}

/**
 * PostgreSQL's default 128 MB of shared buffers is zeroed at every start, inside wasm, which
 * slows every start noticeably. 16 MB is plenty for one local user, and the data files still sit
 * in the OS page cache.
 */
const PGLITE_SETTINGS = ["-c", "shared_buffers=16MB"];

async function openPglite(dataDir: string, migrate: boolean, statementTimeoutMs: number): Promise<Database> {
  // PGlite creates its own folder but not the parents.
  await mkdir(dataDir, { recursive: true });
  const unlock = lockDataDir(dataDir);
  try {
    return await openLockedPglite(dataDir, migrate, statementTimeoutMs, unlock);
  } catch (error) {
    unlock();
    throw error;
  }
}

async function openLockedPglite(dataDir: string, migrate: boolean, statementTimeoutMs: number, unlock: () => void): Promise<Database> {
  const dir = path.join(dataDir, "pglite");
  // A new database starts from the install-time template when there is one (no initdb).
  const fresh = !existsSync(path.join(dir, "PG_VERSION"));
  const template = fresh ? await loadTemplate(MIGRATIONS_DIR) : undefined;
  const db = await PGlite.create({ dataDir: dir, loadDataDir: template, startParams: [...PGlite.defaultStartParams, ...PGLITE_SETTINGS] });
  if (migrate) await applyMigrations(pgliteSession(db), MIGRATIONS_DIR);
  // After migrating: a migration may backfill a big table. PGlite has one session, so this covers
  // every later query; its wasm build has no timer signal today, so it is set for parity, not enforced.
  if (statementTimeoutMs > 0) await db.exec(`SET statement_timeout = ${Math.trunc(statementTimeoutMs)}`);
  const prisma = new PrismaClient({ adapter: new PrismaPGlite(db) });
  return {
    prisma,
    sql: pgliteSession(db),
    kind: "pglite",
    ping: async () => { await db.query("SELECT 1"); },
    close: async () => {
      await prisma.$disconnect();
      await db.close();
      unlock();
    },
  };
}

/** PostgreSQL when a URL is given, else the embedded PGlite database under dataDir. Migrates by default. */
export function openDatabase({ databaseUrl, dataDir, migrate = true, statementTimeoutMs = 0 }: DatabaseOptions): Promise<Database> {
  return databaseUrl ? openPostgres(databaseUrl, migrate, statementTimeoutMs) : openPglite(dataDir, migrate, statementTimeoutMs);
}
