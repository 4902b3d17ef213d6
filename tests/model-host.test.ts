import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../api/src/config.ts";
import { startModelHost, type ModelHost } from "../api/src/inference/inference-pool.ts";
import { readModelFolder } from "../api/src/inference/model-card.ts";
import { mnistDigit, loadMnist } from "../scripts/lib/mnist.ts";
import { modelVariant } from "./helpers/model-variant.ts";

const GRACE_MS = 150;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("the model host: switching versions on the inference thread", () => {
  let host: ModelHost;
  const test = loadMnist("test");
  const digit = mnistDigit(test, 0);
  let a: Awaited<ReturnType<typeof readModelFolder>>;
  let b: ReturnType<typeof modelVariant>;

  beforeAll(async () => {
    a = await readModelFolder(loadConfig().modelDir);
    b = modelVariant(a.card, a.onnx, "model host test");
    host = await startModelHost(a, { graceMs: GRACE_MS });
  });
  afterAll(() => host?.close());

  it("lets work that took the old version finish on it, then unloads it", async () => {
    const old = host.current();
    await host.serve(b.card, b.onnx);
    expect(host.current().version).toBe(b.card.version);
    // Within the grace period the replaced version still reads.
    expect((await old.classify(digit)).digit).toBe(test.labels[0]);
    await sleep(GRACE_MS * 3);
    await expect(old.classify(digit)).rejects.toThrow(/not loaded/);
    expect((await host.current().classify(digit)).digit).toBe(test.labels[0]);
  });

  it("keeps a version served again before its grace period ends (a quick rollback)", async () => {
    await host.serve(a.card, a.onnx);
    await host.serve(b.card, b.onnx);
    await host.serve(a.card, a.onnx);
    await sleep(GRACE_MS * 3);
    expect(host.current().version).toBe(a.card.version);
    expect((await host.current().classify(digit)).digit).toBe(test.labels[0]);
  });
});
