import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot } from "../api/src/config.ts";
import { Classifier } from "../api/src/inference/classifier.ts";
import { loadMnist, mnistDigit } from "../scripts/lib/mnist.ts";
import { pythonHas } from "./helpers/training-python.ts";

/*
 * `npm run prepare-drawings` stores validation drawings as preprocessing prepares them, and
 * `npm run compare-models` reads them in PyTorch. Both must see the same inputs the server's
 * classifier sees: here a float model's misread digits, counted by compare-models, are the ones
 * ONNX Runtime in Node misreads on the same stored drawings.
 */
const run = promisify(execFile);
const FIXTURE = path.join(import.meta.dirname, "fixtures", "model-with-not-a-digit-output");

interface Manifest {
  split: string;
  files: Array<{ set: string; seed: number; images: number; pixels: string; labels: string }>;
}

/** Misread digits per set as Node's classifier reads the stored drawings (a refused one, -1, counts). */
async function misreadInNode(folder: string, manifest: Manifest): Promise<Record<string, number>> {
  const classifier = await Classifier.load(FIXTURE);
  try {
    const validation = loadMnist("validation");
    const mnist = await classifier.classifyBatch(Array.from({ length: validation.count }, (_, i) => mnistDigit(validation, i)));
    const misread: Record<string, number> = { mnist: mnist.filter((r, i) => r.digit !== validation.labels[i]).length };
    for (const file of manifest.files) {
      const bytes = await readFile(path.join(folder, file.pixels));
      const pixels = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
      const labels = new Int8Array(await readFile(path.join(folder, file.labels)));
      const readings = await classifier.classifyBatch(Array.from({ length: file.images }, (_, i) => pixels.slice(i * 784, (i + 1) * 784)));
      misread[file.set] = (misread[file.set] ?? 0) + readings.filter((r, i) => r.digit !== labels[i]).length;
    }
    return misread;
  } finally {
    await classifier.close();
  }
}

describe.skipIf(!pythonHas("torch", "numpy", "onnx"))("comparing models on prepared validation drawings", () => {
  let work = "";
  let manifest: Manifest;
  let printed = "";

  beforeAll(async () => {
    work = await mkdtemp(path.join(os.tmpdir(), "digits-compare-test-"));
    await run("npm", ["run", "--silent", "prepare-drawings", "--", "--count", "150", "--rounds", "2", "--out", work], { cwd: repoRoot });
    manifest = JSON.parse(await readFile(path.join(work, "drawings.json"), "utf8")) as Manifest;
    const { stdout } = await run("npm", ["run", "--silent", "compare-models", "--", "--members", FIXTURE, "--drawings", work, "--threads", "1"], { cwd: repoRoot });
    printed = stdout;
  }, 300_000);
  afterAll(async () => {
    if (work) await rm(work, { recursive: true, force: true });
  });

  it("stores each digit set of the validation split under two seeds", () => {
    expect(manifest.split).toBe("validation");
    expect(manifest.files.map((f) => `${f.set}-${f.seed}`)).toEqual(["redrawn-1001", "redrawn-2001", "strokes-1002", "strokes-2002", "coarse-1004", "coarse-2004"]);
    expect(manifest.files.every((f) => f.images === 150)).toBe(true);
  });

  it("counts the misread digits Node's classifier misreads, set by set", async () => {
    const line = printed.split("\n").find((l) => l.startsWith("model-with-not-a-digit-output "));
    expect(line, printed).toBeDefined();
    const inPython = Object.fromEntries([...line!.matchAll(/(mnist|redrawn|strokes|coarse) (\d+)/g)].map((m) => [m[1]!, Number(m[2])]));
    const inNode = await misreadInNode(work, manifest);
    expect(inPython).toEqual(inNode);
    // Some drawings are misread, so equal counts say something about the drawings too.
    expect(inNode.strokes! + inNode.redrawn! + inNode.coarse!).toBeGreaterThan(0);
  });
});
