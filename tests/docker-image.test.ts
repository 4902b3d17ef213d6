import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { validate } from "dockerfile-utils";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot } from "../api/src/config.ts";
import { startApiProcess } from "./helpers/api-process.ts";
import { buildContextFiles, copyBuildContext, isDockerignored, parseDockerfile, parseDockerignore, replayDockerfile } from "./helpers/dockerfile-replay.ts";
import { canvasOfDigit, dataUrl } from "./helpers/fixtures.ts";
import { gql } from "./helpers/graphql.ts";
import { createThrowawayDatabase, postgresAvailable } from "./helpers/postgres.ts";

const root = repoRoot;
const read = (file: string) => readFileSync(path.join(root, file), "utf8");
const hasCompose = spawnSync("docker-compose", ["version"]).status === 0;

/** What the build context must never carry: installs, builds, local data, secrets, history, tests. */
const PRIVATE_OR_BUILT = ["node_modules", "api/node_modules", "client/node_modules", "api/dist", "client/dist", "client/dist-ide", "api/src/generated", ".data", ".env", ".env.local", "api/.env", "secrets", ".git", "tests", "docs"];

/** Whether a relative path is `prefix` itself or lies under it. */
const under = (file: string, prefix: string) => file === prefix || file.startsWith(`${prefix}/`);

function expectCleanContext(files: string[]) {
  for (const prefix of PRIVATE_OR_BUILT) expect(files.filter((file) => under(file, prefix)), prefix).toEqual([]);
}

describe("deployment files", () => {
  it.skipIf(!hasCompose && !process.env.CI)("docker-compose.yml is valid (docker-compose config -q)", () => {
    // No password variable is needed: the secrets are files, which config does not read.
    const result = spawnSync("docker-compose", ["-f", "docker-compose.yml", "config", "-q"], { cwd: root, encoding: "utf8" });
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
  });

  it.skipIf(!hasCompose && !process.env.CI)("nginx proxies to the compose API services, on the port compose, EXPOSE and HEALTHCHECK use", () => {
    const services = spawnSync("docker-compose", ["-f", "docker-compose.yml", "config", "--services"], { cwd: root, encoding: "utf8" }).stdout.split("\n").filter(Boolean);
    const nginx = read("client/nginx.conf");
    const upstreams = [...nginx.matchAll(/^\s*server\s+([\w-]+):4000\b/gm)].map((m) => m[1]);
    expect(upstreams).toEqual(["api-1", "api-2"]);
    for (const name of upstreams) expect(services).toContain(name);

    const port = /^\s*listen\s+(\d+);/m.exec(nginx)?.[1];
    expect(Number(port)).toBeGreaterThan(1024);
    const client = read("Dockerfile.client");
    expect(client).toContain(`EXPOSE ${port}\n`);
    expect(client).toContain(`"http://127.0.0.1:${port}/"`);
    expect(read("docker-compose.yml")).toContain(`"\${PUBLIC_PORT:-8080}:${port}"`);
  });

  for (const file of ["Dockerfile.api", "Dockerfile.client"]) {
    it(`${file} lints clean (dockerfile-utils)`, () => {
      expect(validate(read(file)).map((d) => `${d.range.start.line + 1}: ${d.message}`)).toEqual([]);
    });

    it(`every COPY in ${file} finds its files in the build context .dockerignore leaves`, () => {
      const files = buildContextFiles(root, read(".dockerignore"));
      const sources = parseDockerfile(read(file))
        .filter(({ keyword, args }) => keyword === "COPY" && !args.includes("--from="))
        .flatMap(({ args }) => args.replace(/--\S+/g, "").trim().split(/\s+/).slice(0, -1));
      expect(sources.length).toBeGreaterThan(0);
      for (const source of sources) expect(files.some((f) => under(f, source)), source).toBe(true);
    });
  }

  it(".dockerignore keeps installs, builds, local data, secrets and tests out of the build context", () => {
    const patterns = parseDockerignore(read(".dockerignore"));
    for (const file of [...PRIVATE_OR_BUILT, "api/node_modules/x/index.js", "client/dist/index.html", ".env.production", "secrets/database_url", "api/src/.env", "scripts/start.ts", "README.md"]) {
      expect(isDockerignored(patterns, file), file).toBe(true);
    }
    for (const file of ["package.json", "api/src/main.ts", "client/nginx.conf", "prisma/migrations/migration_lock.toml", "model-artifacts/mnist-cnn.onnx"]) {
      expect(isDockerignored(patterns, file), file).toBe(false);
    }
    expectCleanContext(buildContextFiles(root, read(".dockerignore")));
  });
});

const withPostgres = await postgresAvailable();

describe.skipIf(!withPostgres)("the API image's own commands, replayed on the host from a clean copy", () => {
  let work = "";
  beforeAll(() => {
    work = mkdtempSync(path.join(os.tmpdir(), "digits-image-"));
  });
  // The replayed image holds a full install: deleting it can outlast the usual hook limit on a
  // busy machine, and it must not block the event loop meanwhile.
  afterAll(() => rm(work, { recursive: true, force: true }), 600_000);

  it("builds, starts on an empty PostgreSQL database, migrates, serves, passes its healthcheck and stops cleanly", { timeout: 900_000 }, async () => {
    // The build context as docker build sends it: the work tree through .dockerignore.
    const context = path.join(work, "context");
    expectCleanContext(copyBuildContext(root, read(".dockerignore"), context));

    const stages = replayDockerfile(read("Dockerfile.api"), context, path.join(work, "stages"), () => {});
    const runtime = stages.at(-1)!;
    expect(runtime.cmd).toEqual(["node", "api/dist/main.js"]);
    // Readiness, not liveness: a replica without its database must turn unhealthy.
    expect(runtime.healthcheck!.join(" ")).toContain("/readyz");

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
