import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot } from "../api/src/config.ts";
import { toMnistDigit } from "../api/src/inference/preprocess.ts";
import { pythonHas, TRAINING_PYTHON } from "./helpers/training-python.ts";

/*
 * `train.py --placed` puts every warped training digit where the server's preprocessing would put
 * the same drawing. Both sides read the same 8-bit canvases (warped training digits on 40 px); the
 * Python side writes what placed() made of them, the server's toMnistDigit makes its own.
 */
const run = promisify(execFile);
const withTorch = pythonHas("torch", "numpy");
const COUNT = 64;
const SIDE = 40;

describe.skipIf(!withTorch)("training's placement of warped digits", () => {
  let work = "";
  let canvases: Uint8Array;
  let placed: Float32Array;

  beforeAll(async () => {
    work = await mkdtemp(path.join(os.tmpdir(), "digits-placement-test-"));
    const prefix = path.join(work, "sample");
    await run(TRAINING_PYTHON, ["placed_sample.py", "--count", String(COUNT), "--seed", "3", "--out", prefix], {
      cwd: path.join(repoRoot, "scripts", "train"),
      env: { ...process.env, OPENBLAS_NUM_THREADS: "1" },
    });
    canvases = new Uint8Array(await readFile(`${prefix}.canvas.u8`));
    const bytes = await readFile(`${prefix}.placed.f32`);
    placed = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
  }, 120_000);
  afterAll(async () => {
    if (work) await rm(work, { recursive: true, force: true });
  });

  it("matches the server's preprocessing pixel for pixel", () => {
    expect(canvases.length).toBe(COUNT * SIDE * SIDE);
    let worst = 0;
    for (let i = 0; i < COUNT; i++) {
      // White ink on an opaque black canvas, as a drawing's bitmap.
      const data = new Uint8Array(SIDE * SIDE * 4);
      for (let p = 0; p < SIDE * SIDE; p++) {
        const v = canvases[i * SIDE * SIDE + p]!;
        data.set([v, v, v, 255], p * 4);
      }
      const server = toMnistDigit({ width: SIDE, height: SIDE, data }).pixels;
      // The server stretches the peak to 1; training does that after blur and blocks (restretch()).
      const ours = placed.subarray(i * 784, (i + 1) * 784);
      const peak = Math.max(...ours);
      for (let p = 0; p < 784; p++) worst = Math.max(worst, Math.abs(ours[p]! / peak - server[p]!));
    }
    expect(worst).toBeLessThan(1e-4);
  });
});
