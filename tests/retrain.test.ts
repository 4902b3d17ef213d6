import { execFile, spawnSync } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot } from "../api/src/config.ts";
import { ApiKeyStore } from "../api/src/db/api-keys.ts";
import { openDatabase, type Database } from "../api/src/db/database.ts";
import { ApiKeyService } from "../api/src/services/api-keys.service.ts";
import { loadMnist, type MnistSet } from "../scripts/lib/mnist.ts";
import { renderDigitPng } from "../scripts/lib/render-canvas.ts";
import { startApiProcess, type ApiProcess } from "./helpers/api-process.ts";
import { canvasOfDigit, dataUrl } from "./helpers/fixtures.ts";
import { gql } from "./helpers/graphql.ts";
import { createThrowawayDatabase, postgresAvailable } from "./helpers/postgres.ts";

const run = promisify(execFile);
const withPostgres = await postgresAvailable();
const withTorch = spawnSync("/usr/bin/python3", ["-c", "import torch, numpy, onnx"], { stdio: "ignore" }).status === 0;

/** MNIST with every image mirrored left to right: a style of drawing the shipped model misreads. */
function mirrored(set: MnistSet): MnistSet {
  const images = new Uint8Array(set.images.length);
  for (let i = 0; i < set.count; i++) {
    for (let y = 0; y < 28; y++) for (let x = 0; x < 28; x++) images[i * 784 + y * 28 + x] = set.images[i * 784 + y * 28 + 27 - x]!;
  }
  return { ...set, images };
}

interface Retrained {
  candidate: string;
  active: string;
  before: { mnistTest: number; corrections: { images: number; accuracy: number } };
  after: { mnistTest: number; corrections: { images: number; accuracy: number } };
}

describe.skipIf(!withPostgres || !withTorch)("npm run retrain: learning from reviewed corrections", () => {
  let api: ApiProcess;
  let db: Database;
  let url = "";
  let drop = async () => {};
  let work = "";

  beforeAll(async () => {
    const throwaway = await createThrowawayDatabase("digits_retrain");
    ({ url, drop } = throwaway);
    api = await startApiProcess({ DATABASE_URL: url });
    db = await openDatabase({ databaseUrl: url, dataDir: "", migrate: false });
    work = await mkdtemp(path.join(os.tmpdir(), "digits-retrain-test-"));
  });
  afterAll(async () => {
    await api?.stop();
    await db?.close();
    await drop();
    await rm(work, { recursive: true, force: true });
  });

  const predict = async (png: Buffer) =>
    (await gql<{ predictDigit: { id: string; digit: number } }>(api.url, "mutation($i: String!) { predictDigit(image: $i) { id digit } }", { i: dataUrl(png) })).data!.predictDigit;
  const label = (id: string, trueLabel: number, headers: Record<string, string> = {}) =>
    gql(api.url, "mutation($id: ID!, $l: Int!) { submitFeedback(predictionId: $id, trueLabel: $l) { id } }", { id, l: trueLabel }, headers);
  const retrain = async (json: string) =>
    run("npm", ["run", "--silent", "retrain", "--", "--steps", "60", "--quick", "--json", json], { cwd: repoRoot, env: { ...process.env, DATABASE_URL: url }, maxBuffer: 16 * 1024 * 1024 });

  it("uses no anonymous label: 300 wrong labels on clear digits register nothing", { timeout: 120_000 }, async () => {
    for (let i = 0; i < 300; i++) {
      const { png, label: digit } = await canvasOfDigit(i);
      await label((await predict(png)).id, (digit + 1) % 10);
    }
    const { stdout } = await retrain(path.join(work, "none.json"));
    expect(stdout).toMatch(/0 to train on/);
    expect(stdout).toMatch(/labels waiting for review: 300/);
    expect(stdout).toMatch(/No candidate registered/);
    const models = (await gql<{ models: Array<{ status: string }> }>(api.url, "{ models { status } }")).data!.models;
    expect(models.map((m) => m.status)).toEqual(["ACTIVE"]);
  });

  it("fine-tunes on a reviewer's corrections of mirrored digits and registers a candidate that reads them better, measured beside the active model", { timeout: 300_000 }, async () => {
    const { key } = await new ApiKeyService({ store: new ApiKeyStore(db.prisma), failures: { consume: async () => ({ allowed: true, retryAfter: 0 }), close: async () => {} } }).create("ann", "REVIEWER");
    const set = mirrored(loadMnist("train"));
    let wrong = 0;
    for (let i = 0; i < 200; i++) {
      const png = await renderDigitPng(set, i, { size: 280, scale: 8, x: 28, y: 20, style: "black-on-white" });
      const prediction = await predict(png);
      if (prediction.digit !== set.labels[i]) wrong++;
      await label(prediction.id, set.labels[i]!, { authorization: `Bearer ${key}` });
    }
    const json = path.join(work, "retrained.json");
    const { stdout } = await retrain(json);
    const report = JSON.parse(await readFile(json, "utf8")) as Retrained;
    console.log(`${wrong}/200 mirrored digits misread by the shipped model; held-out corrections ${report.before.corrections.accuracy} % -> ${report.after.corrections.accuracy} %, MNIST test ${report.before.mnistTest} % -> ${report.after.mnistTest} %`);
    expect(stdout).toMatch(/step 60\/60: loss/);
    expect(report.before.corrections.images).toBeGreaterThan(20);
    expect(report.after.corrections.accuracy).toBeGreaterThan(report.before.corrections.accuracy);
    const models = (await gql<{ models: Array<{ version: string; status: string; origin: string; metrics: { baselineVersion: string; corrections: { accuracy: number } } }> }>(
      api.url, "{ models { version status origin metrics { baselineVersion corrections { accuracy } } } }")).data!.models;
    const candidate = models.find((m) => m.version === report.candidate)!;
    expect(candidate).toMatchObject({ status: "CANDIDATE", origin: "retrained", metrics: { baselineVersion: report.active, corrections: { accuracy: report.after.corrections.accuracy } } });
  });
});
