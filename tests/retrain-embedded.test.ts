import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../api/src/config.ts";
import { loadMnist } from "../scripts/lib/mnist.ts";
import { startApiProcess } from "./helpers/api-process.ts";
import { canvasOf, dataUrl } from "./helpers/fixtures.ts";
import { gql } from "./helpers/graphql.ts";
import { hatched } from "./helpers/hatched-pen.ts";
import { pythonHas } from "./helpers/training-python.ts";

const run = promisify(execFile);
const withTorch = pythonHas("torch", "numpy", "onnx");
const PREDICT = "mutation($i: String!) { predictDigit(image: $i) { id } }";

describe.skipIf(!withTorch)("npm run retrain on the embedded database", () => {
  // Minutes of it are fine-tuning the int8 served model and quantizing the result again.
  it("works with the same commands: a key, labels through the server, then retrain once the server has stopped", { timeout: 600_000 }, async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), "digits-embedded-retrain-"));
    const env = { ...process.env, DATA_DIR: dataDir, DATABASE_URL: "" };
    try {
      const created = await run("npm", ["run", "--silent", "admin", "--", "create-key", "ann", "--role", "REVIEWER"], { cwd: repoRoot, env });
      const key = /dr_[0-9a-f]{12}_[A-Za-z0-9_-]{43}/.exec(created.stdout)![0];
      let api = await startApiProcess({ DATA_DIR: dataDir, DATABASE_URL: "" });
      const set = hatched(loadMnist("train"));
      for (let i = 0; i < 30; i++) {
        const image = dataUrl(await canvasOf(set, 2000 + i));
        const { id } = (await gql<{ predictDigit: { id: string } }>(api.url, PREDICT, { i: image })).data!.predictDigit;
        await gql(api.url, "mutation($id: ID!, $l: Int!) { submitFeedback(predictionId: $id, trueLabel: $l) { id } }", { id, l: set.labels[2000 + i] }, { authorization: `Bearer ${key}` });
      }
      // One process at a time on the embedded database: the command says so while the server runs.
      await expect(run("npm", ["run", "--silent", "retrain", "--", "--steps", "5", "--quick"], { cwd: repoRoot, env })).rejects.toMatchObject({ stderr: expect.stringMatching(/in use by process/) });
      await api.stop();

      const { stdout } = await run("npm", ["run", "--silent", "retrain", "--", "--steps", "5", "--quick"], { cwd: repoRoot, env, maxBuffer: 16 * 1024 * 1024 });
      const candidate = /registered (\w{12}) as a CANDIDATE/.exec(stdout)?.[1];
      expect(candidate).toBeDefined();
      api = await startApiProcess({ DATA_DIR: dataDir, DATABASE_URL: "" });
      try {
        const versions = (await gql<{ models: Array<{ version: string; status: string }> }>(api.url, "{ models { version status } }")).data!.models;
        expect(versions).toContainEqual({ version: candidate, status: "CANDIDATE" });
      } finally {
        await api.stop();
      }
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});

