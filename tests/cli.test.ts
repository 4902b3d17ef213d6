import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot } from "../api/src/config.ts";
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

  it("reports API errors with their code and a non-zero exit", async () => {
    const bad = path.join(folder, "notes.txt");
    await expect(predict(bad)).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining("[INVALID_IMAGE]") });
  });
});
