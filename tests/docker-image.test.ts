import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, cpSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { validate } from "dockerfile-utils";
import { afterAll, describe, expect, it } from "vitest";
import { startApiProcess } from "./helpers/api-process.ts";
import { replayDockerfile } from "./helpers/dockerfile-replay.ts";
import { canvasOfDigit, dataUrl } from "./helpers/fixtures.ts";
import { gql } from "./helpers/graphql.ts";
import { createThrowawayDatabase, postgresAvailable } from "./helpers/postgres.ts";

const root = path.resolve(import.meta.dirname, "..");
const read = (file: string) => readFileSync(path.join(root, file), "utf8");
const hasCompose = spawnSync("docker-compose", ["version"]).status === 0;

describe("deployment files", () => {
  it.skipIf(!hasCompose && !process.env.CI)("docker-compose.yml is valid (docker-compose config -q)", () => {
    const result = spawnSync("docker-compose", ["-f", "docker-compose.yml", "config", "-q"], {
      cwd: root,
      env: { ...process.env, POSTGRES_PASSWORD: "check" },
      encoding: "utf8",
    });
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
  });

  for (const file of ["Dockerfile.api", "Dockerfile.client"]) {
    it(`${file} lints clean (dockerfile-utils)`, () => {
      expect(validate(read(file)).map((d) => `${d.range.start.line + 1}: ${d.message}`)).toEqual([]);
    });
  }
});

const withPostgres = await postgresAvailable();

describe.skipIf(!withPostgres)("the API image's own commands, replayed on the host from a clean copy", () => {
  const work = mkdtempSync(path.join(os.tmpdir(), "digits-image-"));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it("builds, starts on an empty PostgreSQL database, migrates, serves, passes its healthcheck and stops cleanly", { timeout: 900_000 }, async () => {
    // The build context: tracked and new files, without anything ignored (node_modules, dist, .data).
    const context = path.join(work, "context");
    mkdirSync(context);
    const files = execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard", "-z"], { cwd: root, encoding: "utf8" }).split("\0").filter(Boolean);
    for (const file of files) cpSync(path.join(root, file), path.join(context, file), { recursive: true });

    const stages = replayDockerfile(read("Dockerfile.api"), context, path.join(work, "stages"), () => {});
    const runtime = stages.at(-1)!;
    expect(runtime.cmd).toEqual(["node", "api/dist/main.js"]);

    const db = await createThrowawayDatabase("digits_image");
    const api = await startApiProcess({ ...runtime.env, DATABASE_URL: db.url }, 60_000, { cwd: runtime.dir, command: runtime.cmd! });
    try {
      const ready = await fetch(`${api.origin}/readyz`);
      expect(ready.status).toBe(200);
      const { png, label } = await canvasOfDigit(0);
      const res = await gql<{ predictDigit: { digit: number } }>(api.url, "mutation($i: String!) { predictDigit(image: $i) { digit } }", { i: dataUrl(png) });
      expect(res.data?.predictDigit.digit).toBe(label);
      expect((await fetch(`${api.origin}/`)).headers.get("content-type")).toContain("text/html");

      const [command, ...args] = runtime.healthcheck!;
      const health = spawnSync(command!, args, { cwd: runtime.dir, env: { ...process.env, PORT: new URL(api.origin).port }, encoding: "utf8" });
      expect(health.status).toBe(0);
    } finally {
      const exitCode = await api.stop("SIGTERM");
      await db.drop();
      expect(exitCode).toBe(0);
    }
  });
});
