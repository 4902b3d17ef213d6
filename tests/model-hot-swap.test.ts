import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../api/src/config.ts";
import { ApiKeyStore } from "../api/src/db/api-keys.ts";
import { openDatabase, type Database } from "../api/src/db/database.ts";
import { ModelVersionStore } from "../api/src/db/model-versions.ts";
import { readModelFolder } from "../api/src/inference/model-card.ts";
import { unlimited } from "../api/src/limits/rate-limiter.ts";
import { ApiKeyService } from "../api/src/services/api-keys.service.ts";
import { metricsFromCard } from "../api/src/services/model-registry.service.ts";
import { startApiProcess, type ApiProcess } from "./helpers/api-process.ts";
import { canvasOfDigit, dataUrl } from "./helpers/fixtures.ts";
import { gql } from "./helpers/graphql.ts";
import { modelVariant, servedVersion } from "./helpers/model-variant.ts";
import { createThrowawayDatabase, postgresAvailable } from "./helpers/postgres.ts";
import { steadyLoad } from "./helpers/steady-load.ts";

const withPostgres = await postgresAvailable();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.skipIf(!withPostgres)("activating a model version across two API processes (PostgreSQL + Redis)", () => {
  let a: ApiProcess;
  let b: ApiProcess;
  let db: Database;
  let drop = async () => {};

  beforeAll(async () => {
    const throwaway = await createThrowawayDatabase("digits_swap");
    drop = throwaway.drop;
    const env = { DATABASE_URL: throwaway.url, REDIS_URL: process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379" };
    a = await startApiProcess(env);
    b = await startApiProcess(env);
    db = await openDatabase({ databaseUrl: throwaway.url, dataDir: "", migrate: false });
  });
  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await db?.close();
    await drop();
  });

  it("switches both while they serve a steady load: no failed request, each row made by one of the two versions, the new one everywhere after", { timeout: 60_000 }, async () => {
    const bundled = await readModelFolder(loadConfig().modelDir);
    const next = modelVariant(bundled.card, bundled.onnx, "hot swap");
    await new ModelVersionStore(db.prisma).register({ ...next, metrics: metricsFromCard(bundled.card), origin: "retrained" });
    const { key } = await new ApiKeyService({ store: new ApiKeyStore(db.prisma), failures: unlimited }).create("ops", "ADMIN");

    const load = steadyLoad([a.url, b.url, a.url, b.url, a.url, b.url], dataUrl((await canvasOfDigit(5)).png));
    await sleep(1000);

    const activating = Date.now();
    const res = await gql<{ activateModel: { version: string } }>(a.url, "mutation($v: String!) { activateModel(version: $v) { version } }", { v: next.card.version }, { authorization: `Bearer ${key}` });
    expect(res.errors).toBeUndefined();
    await expect.poll(async () => [await servedVersion(a.url), await servedVersion(b.url)], { timeout: 15_000, interval: 100 }).toEqual([next.card.version, next.card.version]);
    const bothSwitched = Date.now();
    console.log(`both processes served ${next.card.version} ${bothSwitched - activating} ms after activateModel was sent`);
    await sleep(1000);
    await load.stop();
    const { answered, failed } = load;

    console.log(`${answered.length} predictions answered during the test, ${failed.length} failed`);
    expect(failed).toEqual([]);
    const versions = new Set(answered.map((r) => r.version));
    expect([...versions].sort()).toEqual([bundled.card.version, next.card.version].sort());
    expect(answered.filter((r) => r.startedAt > bothSwitched).every((r) => r.version === next.card.version)).toBe(true);
    // What was stored is what was answered: one version per row, and only these two.
    const stored = await db.sql.query<{ model_version: string; n: string }>("SELECT model_version, count(*) AS n FROM predictions GROUP BY model_version");
    expect(stored.map((r) => r.model_version).sort()).toEqual([...versions].sort());
    expect(stored.reduce((sum, r) => sum + Number(r.n), 0)).toBe(answered.length);
  });
});
