import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot } from "../api/src/config.ts";
import { freePort } from "./helpers/api-process.ts";
import { canvasOfDigit } from "./helpers/fixtures.ts";
import { gql } from "./helpers/graphql.ts";
import { startTestServer, type TestServer } from "./helpers/test-server.ts";

const run = promisify(execFile);

describe("npm run predict (the command-line client)", () => {
  let server: TestServer;
  let folder: string;
  const labels: Record<string, number> = {};

  beforeAll(async () => {
    server = await startTestServer();
    folder = await mkdtemp(path.join(os.tmpdir(), "digits-cli-"));
    for (const index of [0, 1, 2, 3, 4]) {
      const { png, label } = await canvasOfDigit(index, index % 2 ? "white-on-black" : "black-on-white");
      const name = `drawing-${index}.png`;
      labels[name] = label;
      await writeFile(path.join(folder, name), png);
    }
    await writeFile(path.join(folder, "notes.txt"), "not an image");
  });
  afterAll(async () => {
    await server?.stop();
    await rm(folder, { recursive: true, force: true });
  });

  const predict = (...args: string[]) => run("npm", ["run", "--silent", "predict", "--", ...args, "--url", server.url], { cwd: repoRoot });

  it("prints a table of predictions for a folder of PNGs", async () => {
    const { stdout } = await predict(folder, "--batch", "2");
    const lines = stdout.trim().split("\n");
    expect(lines[0]).toMatch(/^file\s+digit\s+confidence\s+id$/);
    expect(lines).toHaveLength(6);
    for (const [name, label] of Object.entries(labels)) {
      expect(lines.find((l) => l.includes(name))).toMatch(new RegExp(`${name}\\s+${label}\\s+\\d+\\.\\d%\\s+\\d+$`));
    }
  });

  it("prints JSON and submits feedback with --label", async () => {
    const file = path.join(folder, "drawing-0.png");
    const { stdout } = await predict(file, "--json", "--label", String(labels["drawing-0.png"]));
    const [row] = JSON.parse(stdout) as Array<{ file: string; digit: number; id: string; correct: boolean }>;
    expect(row).toMatchObject({ file, digit: labels["drawing-0.png"], correct: true });
    const stored = await gql<{ prediction: { trueLabel: number } }>(server.url, `{ prediction(id: "${row!.id}") { trueLabel } }`);
    expect(stored.data!.prediction.trueLabel).toBe(labels["drawing-0.png"]);
  });

  it("names a file the API refuses, skips it, stores and prints every other one, and exits 1", async () => {
    const mixed = await mkdtemp(path.join(os.tmpdir(), "digits-cli-mixed-"));
    try {
      for (const name of Object.keys(labels)) await writeFile(path.join(mixed, name), await readFile(path.join(folder, name)));
      await writeFile(path.join(mixed, "drawing-2b-fake.png"), "not a png at all");
      const failure = await predict(mixed, "--batch", "4").then(() => null, (error: { code: number; stdout: string; stderr: string }) => error);
      expect(failure?.code).toBe(1);
      const lines = failure!.stdout.trim().split("\n");
      expect(lines.find((l) => l.includes("drawing-2b-fake.png"))).toMatch(/refused: .* \[INVALID_IMAGE\]/);
      const ids = lines.map((l) => /\s(\d+)$/.exec(l)?.[1]).filter(Boolean);
      expect(ids).toHaveLength(5);
      for (const id of ids) expect((await gql<{ prediction: { id: string } | null }>(server.url, `{ prediction(id: "${id}") { id } }`)).data!.prediction).not.toBeNull();
      expect(failure!.stderr).toMatch(/1 of 6 files refused: .*drawing-2b-fake\.png/);
    } finally {
      await rm(mixed, { recursive: true, force: true });
    }
  });

  it("refuses bad options with a usage line (exit 2), and says which URL it cannot reach", async () => {
    for (const args of [["--label", ""], ["--label", "12"], ["--batch", "abc"], ["--batch", "0"], ["--batch", "1000"], ["--frobnicate"]]) {
      await expect(predict(folder, ...args), args.join(" ")).rejects.toMatchObject({ code: 2, stderr: expect.stringContaining("usage: npm run predict") });
    }
    await expect(predict(path.join(folder, "missing.png"))).rejects.toMatchObject({ code: 2, stderr: expect.stringContaining("No such file or folder") });
    const nobody = `http://127.0.0.1:${await freePort()}/graphql`;
    const down = run("npm", ["run", "--silent", "predict", "--", path.join(folder, "drawing-0.png"), "--url", nobody], { cwd: repoRoot });
    await expect(down).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining(`cannot reach ${nobody}: ECONNREFUSED`) });
    const page = run("npm", ["run", "--silent", "predict", "--", path.join(folder, "drawing-0.png"), "--url", `${server.origin}/`], { cwd: repoRoot });
    await expect(page).rejects.toMatchObject({ code: 1, stderr: expect.stringMatching(/answered HTTP \d+ with text\/html, not GraphQL/) });
  });

  it("takes paths from the caller's directory and the URL from API_URL", async () => {
    const { stdout } = await run("npm", ["run", "--silent", "--prefix", repoRoot, "predict", "--", "drawing-1.png"], { cwd: folder, env: { ...process.env, API_URL: server.url } });
    expect(stdout).toMatch(new RegExp(`drawing-1\\.png\\s+${labels["drawing-1.png"]}\\s`));
  });
});
