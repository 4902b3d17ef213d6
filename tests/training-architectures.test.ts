import { execFile } from "node:child_process";
import { cp, mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot } from "../api/src/config.ts";
import type { ModelCard } from "../api/src/domain/model-card.ts";
import { logitsOf, logSoftmaxRows, testDigitsFor } from "./helpers/onnx-logits.ts";
import { pythonHas } from "./helpers/training-python.ts";

/*
 * `train.py --architecture small` trains the network that two of fit in one graph within the
 * inference budget. The training scripts must know it again from what a model folder holds: its
 * weights, or its ONNX graph alone (a served model keeps no weights). Both ways are taken here by
 * folding a quick run with an ONNX-only copy of itself, which must give back the run's own
 * log-probabilities.
 */
const run = promisify(execFile);
const withTorch = pythonHas("torch", "numpy", "onnx");
const DIGITS = 8;

describe.skipIf(!withTorch)("the small architecture", () => {
  let work = "";
  let trained = "";
  let folded = "";

  beforeAll(async () => {
    work = await mkdtemp(path.join(os.tmpdir(), "digits-architecture-test-"));
    trained = path.join(work, "small");
    await run("npm", ["run", "--silent", "train", "--", "--architecture", "small", "--epochs", "1", "--subset", "300", "--drawn", "0",
      "--threads", "1", "--out", trained], { cwd: repoRoot, maxBuffer: 1 << 24 });
    // The same network as a served model keeps it: the card and the graph, no weights.
    const graphOnly = path.join(work, "graph-only");
    await cp(trained, graphOnly, { recursive: true });
    await rm(path.join(graphOnly, "mnist-cnn.pt"));
    folded = path.join(work, "folded");
    await run("npm", ["run", "--silent", "ensemble", "--", "--members", trained, graphOnly, "--out", folded, "--threads", "1"],
      { cwd: repoRoot, maxBuffer: 1 << 24 });
  }, 600_000);
  afterAll(async () => {
    if (work) await rm(work, { recursive: true, force: true });
  });

  it("is named on its card with its widths", async () => {
    const card = JSON.parse(await readFile(path.join(trained, "model-card.json"), "utf8")) as ModelCard;
    expect(card.architecture).toContain("(16,24 | 32,48 | 64,64)");
    const folding = JSON.parse(await readFile(path.join(folded, "model-card.json"), "utf8")) as ModelCard;
    expect(folding.architecture).toMatch(/^ensemble of 2 .*each 6x conv3x3 \(16,24 \| 32,48 \| 64,64\)/);
  });

  it("is rebuilt alike from its weights and from its ONNX graph alone", async () => {
    const card = JSON.parse(await readFile(path.join(trained, "model-card.json"), "utf8")) as ModelCard;
    const input = testDigitsFor(card, DIGITS);
    const own = logSoftmaxRows(await logitsOf(path.join(trained, card.file), input, DIGITS));
    const both = await logitsOf(path.join(folded, "mnist-cnn.onnx"), input, DIGITS);
    own.forEach((v, i) => expect(both[i]).toBeCloseTo(v, 4));
  });
});
