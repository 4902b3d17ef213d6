import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../api/src/config.ts";
import { freePort } from "./helpers/api-process.ts";
import { canvasOfDigit, dataUrl } from "./helpers/fixtures.ts";
import { gql } from "./helpers/graphql.ts";

// README's one command, as a person runs it: builds what is stale, then serves app, API and IDE
// on one port over the embedded database.
describe("npm start", () => {
  it("serves the app and the API on the embedded database, and stops cleanly", { timeout: 180_000 }, async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), "digits-start-"));
    const port = await freePort();
    const child = spawn("npm", ["start", "--silent"], {
      cwd: repoRoot,
      env: { ...process.env, NODE_ENV: "production", PORT: String(port), HOST: "127.0.0.1", DATA_DIR: dataDir, DATABASE_URL: "", REDIS_URL: "", LOG_LEVEL: "info" },
      stdio: ["ignore", "pipe", "pipe"],
      detached: true, // its own process group: npm, tsx, the start script and the server
    });
    let output = "";
    const ready = new Promise<void>((resolve, reject) => {
      const read = (chunk: Buffer) => {
        output += chunk;
        if (/ready in \d+ ms on embedded PGlite/.test(output)) resolve();
      };
      child.stdout!.on("data", read);
      child.stderr!.on("data", read);
      child.once("exit", (code) => reject(new Error(`npm start exited with ${code} before it was ready:\n${output}`)));
    });
    // The pipes close once every process of the group has exited and written its last line.
    const closed = new Promise<void>((resolve) => child.once("close", () => resolve()));
    try {
      await ready;
      const origin = `http://127.0.0.1:${port}`;
      expect(await (await fetch(`${origin}/`)).text()).toContain('<div id="root">');
      const { png, label } = await canvasOfDigit(5);
      const res = await gql<{ predictDigit: { digit: number } }>(`${origin}/graphql`, "mutation($i: String!) { predictDigit(image: $i) { digit } }", { i: dataUrl(png) });
      expect(res.data?.predictDigit.digit).toBe(label);
    } finally {
      // Ctrl+C in a terminal: SIGINT to the whole group. The server drains and logs its last line.
      process.kill(-child.pid!, "SIGINT");
      // Bounded, so that a server that never stops fails the assertion below, not the test timeout.
      await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, 30_000))]);
      await rm(dataDir, { recursive: true, force: true });
    }
    expect(output).toContain('"msg":"stopped"');
  });
});
