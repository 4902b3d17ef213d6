/**
 * npm run bench [-- --smoke]
 * Prints, in one run on this machine: the preprocess+inference limit, the transport ceiling,
 * predictDigit end to end at concurrency 1/8/32 (and its ratio to the limit, measured alternately),
 * stats and history latency at 10k and 1M stored predictions, and embedded start-up times.
 * --smoke: tiny durations and row counts, to check in CI that the bench works (no timing asserts).
 */
import os from "node:os";
import pg from "pg";
import { startApiProcess } from "../lib/api-process.ts";
import { benchImages, predictRequests } from "./drawings.ts";
import { createThrowawayDatabase, postgresAvailable } from "../lib/postgres.ts";
import { limitRig } from "./limit.ts";
import { settle } from "./quiet.ts";
import { loadTest, loadTool } from "./load.ts";
import { clearPredictions, seedPredictions } from "./seed.ts";
import { buildIfStale, COMPILED_SERVER } from "../lib/fresh-build.ts";
import { embeddedStartup } from "./startup.ts";

const smoke = process.argv.includes("--smoke");
const seconds = smoke ? 1 : 8;
const sizes = smoke ? [500, 5_000] : [10_000, 1_000_000];
const fmt = (n: number, digits = 1) => n.toFixed(digits);

console.log(`bench${smoke ? " (smoke)" : ""}: ${os.cpus()[0]?.model ?? "cpu"} x${os.availableParallelism()}, node ${process.version}, load from ${loadTool}, ${new Date().toISOString()}`);

if (!(await postgresAvailable())) throw new Error("the bench needs PostgreSQL at 127.0.0.1:5432");
buildIfStale("api");
const images = await benchImages();
const rig = await limitRig(images);
const db = await createThrowawayDatabase("digits_bench");
// The compiled server, as `npm start` and the Docker image run it.
const api = await startApiProcess({ DATABASE_URL: db.url, RATE_LIMIT_PER_MINUTE: "0", LOG_LEVEL: "warn" }, 60_000, { command: ["node", COMPILED_SERVER] });
// The smoke run only checks that the bench works: it does not wait long for a quiet machine
// (in CI the other test files keep the CPU busy).
const quiet = () => settle(db.url, smoke ? 1_000 : 15_000);
const rows = async () => {
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  const { rows: [row] } = await client.query<{ n: string }>("SELECT count(*) AS n FROM predictions");
  await client.end();
  return Number(row!.n);
};

try {
  const costs = await rig.perImageCosts(smoke ? 20 : 200);
  console.log(`\nper image (280x280 canvas PNG, one at a time): decode+preprocess on a warmed worker thread ${fmt(costs.preprocessMs, 2)} ms, inference batch 1 ${fmt(costs.inferenceBatch1Ms, 3)} ms, batch 32 ${fmt(costs.inferenceBatch32PerImageMs, 3)} ms/image`);
  const perImage = costs.preprocessMs + costs.inferenceBatch1Ms;

  await quiet();
  const limitA = await rig.imagesPerSecond(seconds);
  console.log(`limit: ${fmt(limitA, 0)} images/s (preprocess on ${rig.threads} worker threads + batched inference, no HTTP/DB; compiled, warmed)`);

  const transport = await loadTest(api.url, [{ query: "{ __typename }" }], 32, seconds);
  console.log(`transport ceiling ({ __typename }, c=32): ${fmt(transport.requestsPerSecond, 0)} req/s, p50 ${fmt(transport.p50)} ms, p99 ${fmt(transport.p99)} ms`);

  // The same ten drawings as the limit and the per-image cost, sent in turn.
  const predict = predictRequests(images);
  const results: Record<number, Awaited<ReturnType<typeof loadTest>>> = {};
  let limitSum = limitA;
  let limitCount = 1;
  // A small VM's speed drifts within minutes: c=32 runs five times, each followed by a limit
  // run, and the ratio is of the means, so that drift hits both sides alike.
  let c32Sum = 0;
  const C32_RUNS = smoke ? 1 : 5;
  for (const c of [1, 8, ...Array<number>(C32_RUNS).fill(32)]) {
    // Every run starts on a quiet machine, as every limit run does, not beside PostgreSQL still
    // writing out the previous run's rows.
    await quiet();
    const before = await rows();
    const r = await loadTest(api.url, predict, c, seconds);
    const stored = (await rows()) - before;
    results[c] = r;
    console.log(`predictDigit c=${c}: ${fmt(r.requestsPerSecond, 0)} req/s, p50 ${fmt(r.p50)} ms, p99 ${fmt(r.p99)} ms, ${r.ok2xx} ok, ${r.errors} errors, ${stored} rows stored`);
    if (c === 32) {
      c32Sum += r.requestsPerSecond;
      await quiet();
      const limitB = await rig.imagesPerSecond(seconds);
      limitSum += limitB;
      limitCount++;
      console.log(`limit again: ${fmt(limitB, 0)} images/s`);
    }
  }
  const limit = limitSum / limitCount;
  console.log(`\npredictDigit c=32 / limit: ${fmt((100 * c32Sum) / C32_RUNS / limit, 0)} % (c=32 mean ${fmt(c32Sum / C32_RUNS, 0)} req/s, limit mean ${fmt(limit, 0)} images/s over ${limitCount} runs)`);
  console.log(`predictDigit c=1 p50 ${fmt(results[1]!.p50, 2)} ms vs 1.3 x ${fmt(perImage, 2)} ms + 2 ms = ${fmt(1.3 * perImage + 2, 2)} ms`);

  await clearPredictions(db.url); // the rows the load runs above stored
  for (const size of sizes) {
    const have = await rows();
    if (size > have) await seedPredictions(db.url, size - have);
    const statsQuery = { query: "{ stats { total labeled accuracy perDigit { precision recall } confusionMatrix calibration { count accuracy } } }" };
    const historyQuery = { query: "{ history(first: 50) { nodes { id digit confidence trueLabel createdAt imageUrl } pageInfo { endCursor } } }" };
    const stats = await loadTest(api.url, [statsQuery], 1, smoke ? 1 : 4);
    const history = await loadTest(api.url, [historyQuery], 1, smoke ? 1 : 4);
    console.log(`at ${(await rows()).toLocaleString("en")} predictions: stats p50 ${fmt(stats.p50, 2)} ms (p99 ${fmt(stats.p99, 2)}), history(first: 50) p50 ${fmt(history.p50, 2)} ms (p99 ${fmt(history.p99, 2)})`);
  }

  const startup = await embeddedStartup();
  console.log(`\nembedded start-up (spawn to /healthz): first ${fmt(startup.firstMs / 1000, 2)} s, later ${fmt(startup.laterMs / 1000, 2)} s`);
} finally {
  await rig.close();
  await api.stop();
  await db.drop();
}
