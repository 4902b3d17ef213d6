import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { repoRoot } from "../../api/src/config.ts";

/** The compiled server: what `npm start`, the bench and the Docker image run. */
export const COMPILED_SERVER = "api/dist/main.js";

/** What each workspace builds from (files or folders) and what its build writes. */
const WORKSPACES = {
  client: { inputs: ["client/src", "client/ide"], outputs: ["client/dist/index.html", "client/dist-ide/index.html"] },
  api: { inputs: ["api/src", "api/tsconfig.json", "tsconfig.base.json"], outputs: [COMPILED_SERVER] },
} as const;

/** A file's mtime, the newest mtime under a folder, or 0 when it does not exist. */
function newestMtime(target: string): number {
  if (!existsSync(target)) return 0;
  const stat = statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(target).map((name) => newestMtime(path.join(target, name))));
}

/** Runs `npm run build` in a workspace when an output is missing or older than its newest input. */
export function buildIfStale(workspace: keyof typeof WORKSPACES): void {
  const { inputs, outputs } = WORKSPACES[workspace];
  const at = (p: string) => path.join(repoRoot, p);
  const builtAt = Math.min(...outputs.map((p) => newestMtime(at(p))));
  if (builtAt >= Math.max(...inputs.map((p) => newestMtime(at(p))))) return;
  console.log(`Building ${workspace} (first start, or its sources changed)...`);
  execFileSync("npm", ["run", "build", "-w", workspace], { cwd: repoRoot, stdio: "inherit" });
}
