import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../api/src/config.ts";

const run = promisify(execFile);

// The benchmark itself is `npm run bench`; here it only has to run and print every figure.
// No timing is asserted: timings belong to the bench's own output, not to tests.
describe("npm run bench -- --smoke", () => {
  it("runs end to end and prints every section", { timeout: 240_000 }, async () => {
    const { stdout } = await run("npm", ["run", "--silent", "bench", "--", "--smoke"], { cwd: repoRoot, maxBuffer: 8 * 1024 * 1024 });
    for (const pattern of [
      /decode\+preprocess on a warmed worker thread [\d.]+ ms, inference batch 1 [\d.]+ ms, batch 32 [\d.]+ ms\/image/,
      /^limit: \d+ images\/s/m,
      /transport ceiling .* \d+ req\/s/,
      /predictDigit c=1: \d+ req\/s, p50 [\d.]+ ms, p99 [\d.]+ ms, \d+ ok, 0 errors/,
      /predictDigit c=8: \d+ req\/s/,
      /predictDigit c=32: \d+ req\/s/,
      /predictDigit c=32 \/ limit: \d+ %/,
      /at 500 predictions: stats p50 [\d.]+ ms .* history\(first: 50\) p50 [\d.]+ ms/,
      /at 5,000 predictions: stats p50/,
      /embedded start-up \(spawn to \/healthz\): first [\d.]+ s, later [\d.]+ s/,
    ]) {
      expect(stdout).toMatch(pattern);
    }
  });
});

describe("npm run bench:models", () => {
  it("prints each model folder's inference cost at batch 1 and 32, and with --load its predictDigit throughput", { timeout: 180_000 }, async () => {
    const args = ["run", "--silent", "bench:models", "--", "model-artifacts", "model-artifacts", "--rounds", "2", "--runs", "40", "--load", "1"];
    const { stdout } = await run("npm", args, { cwd: repoRoot });
    const lines = stdout.trim().split("\n");
    expect(lines).toHaveLength(4);
    for (const line of [lines[0]!, lines[2]!]) {
      expect(line).toMatch(/^[0-9a-f]{12} \(model-artifacts\): batch 1 median [\d.]+ ms \[[\d. ]+\], batch 32 median [\d.]+ ms\/image \[[\d. ]+\]$/);
    }
    for (const line of [lines[1]!, lines[3]!]) {
      expect(line).toMatch(/^[0-9a-f]{12} \(model-artifacts\): predictDigit c=32 median [1-9]\d* req\/s \[\d+ \d+\], p50 median [\d.]+ ms, 0 errors$/);
    }
  });
});
