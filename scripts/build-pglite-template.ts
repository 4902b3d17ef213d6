/**
 * Run at `npm install` (postinstall): makes the pre-initialised embedded database template so the
 * first `npm start` skips initdb. Never fails the install: without a template the server runs initdb.
 */
import { MIGRATIONS_DIR } from "../api/src/db/database.ts";
import { createTemplate } from "../api/src/db/pglite-template.ts";

try {
  const started = performance.now();
  const file = await createTemplate(MIGRATIONS_DIR);
  console.log(`embedded database template ready (${Math.round(performance.now() - started)} ms): ${file}`);
} catch (error) {
  console.warn(`could not make the embedded database template, first start will be slower: ${(error as Error).message}`);
}
