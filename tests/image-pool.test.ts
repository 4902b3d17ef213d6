import { Worker } from "node:worker_threads";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ErrorCode } from "../api/src/lib/errors.ts";
import { takeImage, type ImageIntake } from "../api/src/inference/image-intake.ts";
import { workerPreparer, type ImagePool } from "../api/src/inference/image-pool.ts";
import { ImageRejected } from "../api/src/inference/image-rejected.ts";
import { blankPng, asDataUrl } from "./abuse/helpers/attack-images.ts";
import { renderDigitPng } from "../scripts/lib/render-canvas.ts";
import { canvasOfDigit, dataUrl, mnistTest } from "./helpers/fixtures.ts";

const LIMITS = { maxImageBytes: 2 * 1024 * 1024, maxImageSide: 2048 };

/** The refusal a pool call ended with: which image and which code. */
async function refusal(call: Promise<unknown>): Promise<{ index: number | undefined; code: unknown; message: string }> {
  const error = await call.then(() => null, (e: unknown) => e);
  if (!(error instanceof ImageRejected)) throw new Error(`expected a refused image, got ${String(error)}`);
  return { index: error.index, code: error.code, message: error.message };
}

/**
 * A 1,400 px canvas of a digit: over a megapixel, so a thread holds one at a time, and about
 * 150 ms to decode, well within a budget that a slow image overruns.
 */
async function bigDrawing(): Promise<ImageIntake> {
  return takeImage(dataUrl(await renderDigitPng(mnistTest(), 0, { size: 1400, scale: 40, x: 140, y: 100, style: "black-on-white" })), LIMITS);
}

/**
 * Threads that keep every core busy until `stop` is called: a machine under load, where a thread
 * decoding an image gets only a small share of a core.
 */
function busyMachine(threads: number): { stop(): Promise<void> } {
  const flag = new Int32Array(new SharedArrayBuffer(4));
  const spin = `const { workerData } = require("node:worker_threads");
    const flag = new Int32Array(workerData);
    const end = Date.now() + 30000;
    while (Atomics.load(flag, 0) === 0 && Date.now() < end) {}`;
  const workers = Array.from({ length: threads }, () => new Worker(spin, { eval: true, workerData: flag.buffer }));
  return {
    async stop() {
      Atomics.store(flag, 0, 1);
      await Promise.all(workers.map((worker) => worker.terminate()));
    },
  };
}

describe("image pool: time budget, fail-fast batches, fair shares", () => {
  let pool: ImagePool;
  let drawing: ImageIntake;
  let slow: ImageIntake;

  beforeAll(async () => {
    // A budget far below what the slow image takes to decode, far above a canvas's.
    pool = workerPreparer({ preprocessThreads: 2, imageTimeoutMs: 300, imageWorkerMemoryMb: 192, imagesInFlightPerClient: 8 });
    drawing = takeImage(dataUrl((await canvasOfDigit(0)).png), LIMITS);
    // 134 MB of 16-bit pixels to inflate and convert: far past the budget on any machine, which
    // is the point (a smaller image decoded within it on a fast one).
    slow = takeImage(asDataUrl(blankPng(4096, 4096, 16, 6)), { maxImageBytes: 64 * 1024 * 1024, maxImageSide: 4096 });
    await pool.prepareAll("warm-up", [drawing, drawing]); // threads loaded
  });
  afterAll(() => pool.close());

  it("aborts an image over its time budget with IMAGE_TOO_LARGE, and the pool keeps working", async () => {
    const refused = await refusal(pool.prepareAll("attacker", [slow]));
    expect(refused).toMatchObject({ index: 0, code: ErrorCode.IMAGE_TOO_LARGE });
    expect(refused.message).toMatch(/took longer than 300 ms/);
    const [digit] = await pool.prepareAll("someone", [drawing]);
    expect(digit!.pixels.length).toBe(784);
  });

  it("fails a batch at its first refused image and cancels the others", async () => {
    // Slow images in front, so that the rest are still waiting when the first is refused.
    const batch = [slow, slow, slow, slow, slow, slow];
    const refused = await refusal(pool.prepareAll("attacker", batch));
    expect(refused.code).toBe(ErrorCode.IMAGE_TOO_LARGE);
    // Nothing of that batch is left in work: the client's whole allowance is free again at once.
    const eight = Array.from({ length: 8 }, () => drawing);
    expect((await pool.prepareAll("attacker", eight)).length).toBe(8);
  });

  it("bounds the images one client may have in work", async () => {
    const nine = Array.from({ length: 9 }, () => drawing);
    await expect(pool.prepareAll("greedy", nine)).rejects.toMatchObject({ code: ErrorCode.RATE_LIMITED });
    const first = pool.prepareAll("greedy", nine.slice(0, 6));
    await expect(pool.prepareAll("greedy", nine.slice(0, 3))).rejects.toMatchObject({ code: ErrorCode.RATE_LIMITED });
    expect((await pool.prepareAll("other", nine.slice(0, 3))).length).toBe(3);
    expect((await first).length).toBe(6);
  });

  it("bounds the bytes one client may have held in work", async () => {
    const roomy = workerPreparer({ preprocessThreads: 1, imageTimeoutMs: 1000, imageWorkerMemoryMb: 192, imagesInFlightPerClient: 100 });
    try {
      // 3 MB each (what the header says does not matter here: the pool holds the bytes).
      const heavy: ImageIntake = { bytes: new Uint8Array(3 * 1024 * 1024), header: drawing.header };
      await expect(roomy.prepareAll("hoarder", Array.from({ length: 11 }, () => heavy))).rejects.toMatchObject({ code: ErrorCode.RATE_LIMITED });
      await expect(roomy.prepareAll("hoarder", Array.from({ length: 10 }, () => heavy))).rejects.toBeInstanceOf(ImageRejected); // accepted, then refused as malformed
    } finally {
      await roomy.close();
    }
  });

  it("counts an image's processor time against its budget, not the time it waits for a core", async () => {
    const roomy = workerPreparer({ preprocessThreads: 1, imageTimeoutMs: 500, imageWorkerMemoryMb: 192, imagesInFlightPerClient: 8 });
    // Within the budget, but with ten busy threads on the same cores it takes a few times the
    // budget by the clock (and well under ten).
    const big = await bigDrawing();
    await roomy.prepareAll("warm-up", [drawing]);
    const load = busyMachine(10);
    try {
      const started = performance.now();
      const digits = await roomy.prepareAll("someone", [big, big]);
      expect(digits.map((digit) => digit.pixels.length)).toEqual([784, 784]);
      console.log(`two big images under load: ${Math.round(performance.now() - started)} ms by the clock`);
    } finally {
      await load.stop();
      await roomy.close();
    }
  });

  it("serves another client's drawing before a queue of one client's big images", async () => {
    const roomy = workerPreparer({ preprocessThreads: 2, imageTimeoutMs: 10_000, imageWorkerMemoryMb: 192, imagesInFlightPerClient: 8 });
    try {
      const big = await bigDrawing();
      await roomy.prepareAll("warm-up", [drawing, drawing]);
      const order: string[] = [];
      const flood = roomy.prepareAll("flooder", Array.from({ length: 6 }, () => big)).then(() => order.push("flood"));
      const single = roomy.prepareAll("bystander", [drawing]).then(() => order.push("bystander"));
      await Promise.all([flood, single]);
      expect(order).toEqual(["bystander", "flood"]);
    } finally {
      await roomy.close();
    }
  });
});
