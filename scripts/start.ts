/**
 * npm start: builds the browser client when it is missing or older than its sources, then runs
 * the server (client, API and IDE on one port; embedded database unless DATABASE_URL is set).
 */
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { repoRoot } from "../api/src/config.ts";

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

const client = path.join(repoRoot, "client");
const builtAt = (file: string) => (existsSync(file) ? statSync(file).mtimeMs : 0);
const sourcesAt = Math.max(newestMtime(path.join(client, "src")), existsSync(path.join(client, "ide")) ? newestMtime(path.join(client, "ide")) : 0);
const oldestBuild = Math.min(builtAt(path.join(client, "dist", "index.html")), builtAt(path.join(client, "dist-ide", "index.html")));
if (oldestBuild < sourcesAt) {
  console.log("Building the browser client (first start, or its sources changed)...");
  execFileSync("npm", ["run", "build", "-w", "client"], { cwd: repoRoot, stdio: "inherit" });
}
await import("../api/src/main.ts");
