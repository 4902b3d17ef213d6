import { availableParallelism } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { loadConfig, repoRoot } from "../../api/src/config.ts";
import { inferenceCosts } from "./inference-cost.ts";

type Modules = {
  classifier: typeof import("../../api/src/inference/classifier.ts");
  pool: typeof import("../../api/src/inference/image-pool.ts");
  intake: typeof import("../../api/src/inference/image-intake.ts");
};

/**
 * The limit is measured with the compiled modules in api/dist, the code the benchmarked server
 * runs: under tsx, worker threads pay for its loader and would make the limit read low.
 */
const compiledUrl = (file: string) => pathToFileURL(path.join(repoRoot, "api", "dist", "inference", file)).href;

async function compiled(): Promise<Modules> {
  const load = (file: string) => import(compiledUrl(file));
  const [classifier, pool, intake] = await Promise.all([load("classifier.js"), load("image-pool.js"), load("image-intake.js")]);
  return { classifier, pool, intake } as Modules;
}

/** The server's default image limits (PNG size and side). */
const LIMITS = loadConfig({});

export interface PerImageCosts {
  preprocessMs: number;
  inferenceBatch1Ms: number;
  inferenceBatch32PerImageMs: number;
}

/**
 * Preprocess + inference alone: one worker thread per core decoding and preprocessing, the CNN
 * with dynamic batching, no HTTP, GraphQL or database. Built once and warmed (JIT), then measured
 * as often as the bench alternates it with the load runs.
 */
export interface LimitRig {
  threads: number;
  /** Per-image costs: decode + preprocess on one worker thread, and the CNN at batch 1 and 32. */
  perImageCosts(rounds: number): Promise<PerImageCosts>;
  /** Images/s with `inFlight` images at a time for `seconds`. */
  imagesPerSecond(seconds: number, inFlight?: number): Promise<number>;
  close(): Promise<void>;
}

/**
 * Decode + preprocess, one image at a time, on a fresh worker thread warmed first: where the
 * server does it. Not on the bench's own thread: there it reads much slower, probably because of
 * its heap, which holds the MNIST fixtures.
 */
async function preprocessOnOneThread(images: string[], rounds: number): Promise<{ preprocessMs: number; inputs: Float32Array[] }> {
  const moduleUrl = compiledUrl("prepare-image.js");
  const code = `
    const { parentPort, workerData: { moduleUrl, images, limits, rounds } } = require("node:worker_threads");
    import(moduleUrl).then(async ({ prepareImage }) => {
      for (let i = 0; i < 200; i++) await prepareImage(images[i % images.length], limits);
      const inputs = [];
      const started = performance.now();
      for (let i = 0; i < rounds; i++) inputs.push((await prepareImage(images[i % images.length], limits)).digit.pixels);
      parentPort.postMessage({ preprocessMs: (performance.now() - started) / rounds, inputs });
    });`;
  const worker = new Worker(code, { eval: true, workerData: { moduleUrl, images, limits: LIMITS, rounds } });
  try {
    return await new Promise((resolve, reject) => {
      worker.once("message", resolve);
      worker.once("error", reject);
    });
  } finally {
    await worker.terminate();
  }
}

export async function limitRig(images: string[]): Promise<LimitRig> {
  const modules = await compiled();
  const threads = availableParallelism();
  const classifier = await modules.classifier.Classifier.load(loadConfig().modelDir);
  const preparer = modules.pool.workerPreparer({ ...LIMITS, preprocessThreads: threads });
  const intakes = images.map((image) => modules.intake.takeImage(image, LIMITS));

  const imagesPerSecond = async (seconds: number, inFlight = 64) => {
    let done = 0;
    let next = 0;
    const started = performance.now();
    const deadline = started + seconds * 1000;
    const lane = async () => {
      while (performance.now() < deadline) {
        const [digit] = await preparer.prepareAll("bench", [intakes[next++ % intakes.length]!]);
        await classifier.classify(digit!.pixels);
        done++;
      }
    };
    await Promise.all(Array.from({ length: inFlight }, lane));
    return done / ((performance.now() - started) / 1000);
  };
  // Thread start-up and the JIT's first minutes are not the machine's limit.
  await imagesPerSecond(3);

  return {
    threads,
    imagesPerSecond,
    async perImageCosts(rounds) {
      const { preprocessMs, inputs } = await preprocessOnOneThread(images, rounds);
      const { batch1Ms, batch32PerImageMs } = await inferenceCosts(classifier, inputs, rounds);
      return { preprocessMs, inferenceBatch1Ms: batch1Ms, inferenceBatch32PerImageMs: batch32PerImageMs };
    },
    async close() {
      await preparer.close();
      await classifier.close();
    },
  };
}
