/**
 * npm run admin -- create-key NAME --role ADMIN|REVIEWER | list-keys | revoke-key NAME|PUBLIC_ID
 *
 * Manages the API keys of the management operations, on the database the server uses
 * (DATABASE_URL, or the embedded one under DATA_DIR; that one only while the server is stopped).
 * A new key is printed once: only a hash of it is stored.
 */
import { parseArgs } from "node:util";
import { loadConfig } from "../api/src/config.ts";
import { ApiKeyStore } from "../api/src/db/api-keys.ts";
import { openDatabase } from "../api/src/db/database.ts";
import { ROLES } from "../api/src/domain/principal.ts";
import { AppError } from "../api/src/lib/errors.ts";
import { unlimited } from "../api/src/limits/rate-limiter.ts";
import { ApiKeyService } from "../api/src/services/api-keys.service.ts";

const USAGE = `usage: npm run admin -- create-key NAME --role ${ROLES.join("|")}
       npm run admin -- list-keys
       npm run admin -- revoke-key NAME|PUBLIC_ID`;

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

let parsed: ReturnType<typeof parse>;
function parse() {
  return parseArgs({ allowPositionals: true, strict: true, options: { role: { type: "string" }, help: { type: "boolean", short: "h" } } });
}
try {
  parsed = parse();
} catch (error) {
  fail(`${(error as Error).message}\n${USAGE}`);
}
const { values, positionals } = parsed;
const [command, ...rest] = positionals;
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
const expected: Record<string, number> = { "create-key": 1, "list-keys": 0, "revoke-key": 1 };
if (command === undefined || !(command in expected)) fail(USAGE);
if (rest.length !== expected[command]) fail(`${command} takes ${expected[command] === 0 ? "no arguments" : "one argument"}\n${USAGE}`);
if (command === "create-key" && values.role === undefined) fail(`create-key needs --role ${ROLES.join("|")}\n${USAGE}`);
if (command !== "create-key" && values.role !== undefined) fail(`--role is for create-key only\n${USAGE}`);

const config = loadConfig();
const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir }).catch((error: unknown) => fail(`Cannot open the database: ${(error as Error).message}`));
// No failed-attempt budget here: this command never authenticates anyone.
const keys = new ApiKeyService({ store: new ApiKeyStore(db.prisma), failures: unlimited });
const when = (date: Date | null) => (date ? date.toISOString().replace("T", " ").slice(0, 19) : "-");
try {
  if (command === "create-key") {
    const { key, info } = await keys.create(rest[0]!, values.role!.toUpperCase());
    console.log(`Created ${info.role} key "${info.name}" (${info.publicId}). It is shown this once; store it now:\n\n${key}\n`);
    console.log("Send it as the header Authorization: Bearer <key> (HTTP), or as connectionParams.authorization (WebSocket).");
  } else if (command === "list-keys") {
    const list = await keys.list();
    if (list.length === 0) console.log("No keys yet: npm run admin -- create-key NAME --role ADMIN");
    for (const k of list) {
      console.log(`${k.publicId}  ${k.role.padEnd(8)}  ${k.name.padEnd(24)}  created ${when(k.createdAt)}  last used ${when(k.lastUsedAt)}${k.revokedAt ? `  REVOKED ${when(k.revokedAt)}` : ""}`);
    }
  } else {
    const revoked = await keys.revoke(rest[0]!);
    console.log(`Revoked ${revoked.role} key "${revoked.name}" (${revoked.publicId})`);
  }
} catch (error) {
  if (!(error instanceof AppError)) throw error;
  console.error(error.message);
  process.exitCode = 1;
} finally {
  await db.close();
}
