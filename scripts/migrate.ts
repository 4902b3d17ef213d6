/**
 * npm run db:migrate: applies prisma/migrations to DATABASE_URL, or to the embedded database
 * under DATA_DIR when DATABASE_URL is unset. The server also does this at every start.
 */
import { loadConfig } from "../api/src/config.ts";
import { openDatabase } from "../api/src/db/database.ts";

const config = loadConfig();
const started = performance.now();
const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, migrate: true });
await db.close();
console.log(`${db.kind === "postgres" ? "PostgreSQL" : `PGlite at ${config.dataDir}`} is up to date (${Math.round(performance.now() - started)} ms)`);
