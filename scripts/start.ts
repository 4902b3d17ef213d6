/**
 * npm start: builds the browser client and the API when missing or older than their sources, then
 * runs the compiled server (client, API and IDE on one port; embedded database unless DATABASE_URL
 * is set). It runs the compiled server, not the TypeScript source under tsx, because tsx compiles
 * every module as it loads and so starts slower.
 */
import { spawn } from "node:child_process";
import path from "node:path";
import { repoRoot } from "../api/src/config.ts";
import { buildIfStale, COMPILED_SERVER } from "./lib/fresh-build.ts";

buildIfStale("client");
buildIfStale("api");
const server = spawn(process.execPath, [path.join(repoRoot, COMPILED_SERVER)], { cwd: repoRoot, stdio: "inherit" });
// The server drains on SIGTERM/SIGINT; pass them on and leave with its exit code.
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => server.kill(signal));
server.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
