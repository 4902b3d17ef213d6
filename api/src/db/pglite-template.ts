import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { repoRoot } from "../config.ts";
import { applyMigrations, readMigrations } from "./migrate.ts";
import type { SqlSession } from "./sql-session.ts";

/**
 * A pre-initialised, migrated PGlite data directory (a gzipped tarball made at `npm install`).
 * Starting a new embedded database from it skips initdb, the slowest part of a first start.
 * Its name carries a hash of the migrations and PGlite's version, so a stale one is never used.
 */
const CACHE_DIR = path.join(repoRoot, "node_modules", ".cache", "digit-recognizer");

export const pgliteSession = (db: PGlite): SqlSession => ({
  exec: async (sql) => { await db.exec(sql); },
  query: async <Row>(sql: string, params?: unknown[]) => (await db.query<Row>(sql, params)).rows,
});

async function templatePath(migrationsDir: string): Promise<string> {
  const hash = createHash("sha256");
  for (const m of await readMigrations(migrationsDir)) hash.update(`${m.name}:${m.checksum}\n`);
  const { version } = JSON.parse(await readFile(path.join(repoRoot, "node_modules", "@electric-sql", "pglite", "package.json"), "utf8")) as { version: string };
  hash.update(version);
  return path.join(CACHE_DIR, `pglite-${hash.digest("hex").slice(0, 16)}.tar.gz`);
}

/** The template for the current migrations, if one was made. */
export async function loadTemplate(migrationsDir: string): Promise<Blob | undefined> {
  const file = await templatePath(migrationsDir);
  return existsSync(file) ? new Blob([await readFile(file)]) : undefined;
}

/** Makes the template (in memory, then written atomically); returns its path. */
export async function createTemplate(migrationsDir: string): Promise<string> {
  const file = await templatePath(migrationsDir);
  const db = await PGlite.create();
  try {
    await applyMigrations(pgliteSession(db), migrationsDir);
    const dump = await db.dumpDataDir("gzip");
    await mkdir(CACHE_DIR, { recursive: true });
    await writeFile(`${file}.tmp`, Buffer.from(await dump.arrayBuffer()));
    await rename(`${file}.tmp`, file);
    return file;
  } finally {
    await db.close();
  }
}
