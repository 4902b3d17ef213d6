import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readModelFolder } from "../api/src/inference/model-card.ts";
import { metricsFromCard } from "../api/src/services/model-registry.service.ts";
import { canvasOfDigit, dataUrl } from "./helpers/fixtures.ts";
import { codes, gql } from "./helpers/graphql.ts";
import { modelVariant, servedVersion } from "./helpers/model-variant.ts";
import { subscribe } from "./helpers/subscriptions.ts";
import { startTestServer, type TestServer } from "./helpers/test-server.ts";

interface Version {
  version: string;
  status: string;
  origin: string;
  metrics: { mnistTest: number | null };
}

const MODELS = "{ models { version status origin metrics { mnistTest sets { name value } } } }";
const ACTIVATE = "mutation($v: String!, $force: Boolean, $reason: String) { activateModel(version: $v, force: $force, reason: $reason) { version status } }";

describe("the model registry", () => {
  let server: TestServer;
  let admin: Record<string, string>;
  let reviewer: Record<string, string>;
  let bundledVersion = "";

  beforeAll(async () => {
    server = await startTestServer();
    admin = { authorization: `Bearer ${(await server.services.apiKeys.create("ops", "ADMIN")).key}` };
    reviewer = { authorization: `Bearer ${(await server.services.apiKeys.create("ann", "REVIEWER")).key}` };
    bundledVersion = server.services.models.current().version;
  });
  afterAll(() => server?.stop());

  const models = async () => (await gql<{ models: Version[] }>(server.url, MODELS)).data!.models;
  const served = () => servedVersion(server.url);
  const predictVersion = async () =>
    (await gql<{ predictDigit: { modelVersion: string } }>(server.url, "mutation($i: String!) { predictDigit(image: $i) { modelVersion } }", { i: dataUrl((await canvasOfDigit(2)).png) })).data!.predictDigit.modelVersion;
  /** A candidate with the bundled weights and these figures. */
  const candidate = async (note: string, mnistTest: number) => {
    const bundled = await readModelFolder(server.config.modelDir);
    const variant = modelVariant(bundled.card, bundled.onnx, note);
    await server.services.registry.register({ ...variant, metrics: { ...metricsFromCard(bundled.card), mnistTest } });
    return variant.card.version;
  };

  it("registers the shipped model on first start and serves it as the one ACTIVE version", async () => {
    const list = await models();
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ version: bundledVersion, status: "ACTIVE", origin: "bundled" });
    expect(list[0]!.metrics.mnistTest).toBeCloseTo(server.services.models.current().card.testAccuracy * 100, 2);
    expect(await served()).toBe(bundledVersion);
  });

  it("activates only for an ADMIN key, and only a candidate that passes the gates unless forced with a reason", async () => {
    const bundledScore = (await models())[0]!.metrics.mnistTest!;
    const worse = await candidate("worse", bundledScore - 0.5);
    expect(codes(await gql(server.url, ACTIVATE, { v: worse }))).toEqual(["UNAUTHENTICATED"]);
    expect(codes(await gql(server.url, ACTIVATE, { v: worse }, reviewer))).toEqual(["FORBIDDEN"]);
    const refused = await gql(server.url, ACTIVATE, { v: worse }, admin);
    expect(codes(refused)).toEqual(["PROMOTION_REFUSED"]);
    expect(refused.errors![0]!.message).toMatch(/MNIST test/);
    expect(codes(await gql(server.url, ACTIVATE, { v: worse, force: true }, admin))).toEqual(["BAD_USER_INPUT"]);
    expect(codes(await gql(server.url, ACTIVATE, { v: "000000000000" }, admin))).toEqual(["NOT_FOUND"]);
    expect((await models()).find((m) => m.version === worse)!.status).toBe("CANDIDATE");
    expect(await served()).toBe(bundledVersion);
  });

  it("switches what is served at once, announces it, and rolls back by activating the older version", async () => {
    const events = await subscribe(server.url, "subscription { modelActivated { version status } }", (data) => data.modelActivated as { version: string; status: string });
    try {
      const better = await candidate("better", 100);
      const res = await gql<{ activateModel: { version: string; status: string } }>(server.url, ACTIVATE, { v: better }, admin);
      expect(res.data!.activateModel).toEqual({ version: better, status: "ACTIVE" });
      await events.next((e) => e.version === better && e.status === "ACTIVE");
      // The notice reaches this process's registry follower; the switch is a load and a warm-up.
      await expect.poll(served, { timeout: 5000 }).toBe(better);
      expect(await predictVersion()).toBe(better);
      const statuses = Object.fromEntries((await models()).map((m) => [m.version, m.status]));
      expect(statuses[bundledVersion]).toBe("RETIRED");
      expect(Object.values(statuses).filter((s) => s === "ACTIVE")).toHaveLength(1);

      // Rolling back past the gates (the old version scores lower than 100 %) needs force and a reason.
      expect(codes(await gql(server.url, ACTIVATE, { v: bundledVersion }, admin))).toEqual(["PROMOTION_REFUSED"]);
      const back = await gql<{ activateModel: { status: string } }>(server.url, ACTIVATE, { v: bundledVersion, force: true, reason: "rollback drill" }, admin);
      expect(back.data!.activateModel.status).toBe("ACTIVE");
      await expect.poll(served, { timeout: 5000 }).toBe(bundledVersion);
      expect(await predictVersion()).toBe(bundledVersion);
    } finally {
      await events.close();
    }
  });

  it("keeps statistics per model version, which add up to the whole", async () => {
    const versions = (await models()).map((m) => m.version);
    const totalOf = async (modelVersion?: string) =>
      (await gql<{ stats: { total: number; labeled: number } }>(server.url, "query($v: String) { stats(modelVersion: $v) { total labeled } }", { v: modelVersion ?? null })).data!.stats;
    const id = (await gql<{ predictDigit: { id: string; modelVersion: string } }>(server.url, "mutation($i: String!) { predictDigit(image: $i) { id modelVersion } }", { i: dataUrl((await canvasOfDigit(4)).png) })).data!.predictDigit;
    await gql(server.url, "mutation($id: ID!) { submitFeedback(predictionId: $id, trueLabel: 4) { id } }", { id: id.id });
    const per = await Promise.all(versions.map((v) => totalOf(v)));
    const all = await totalOf();
    expect(per.reduce((sum, s) => sum + s.total, 0)).toBe(all.total);
    expect(per.reduce((sum, s) => sum + s.labeled, 0)).toBe(all.labeled);
    expect((await totalOf(id.modelVersion)).labeled).toBeGreaterThanOrEqual(1);
    expect(await totalOf("000000000000")).toEqual({ total: 0, labeled: 0 });
    expect(codes(await gql(server.url, `{ stats(modelVersion: "${bundledVersion}", since: "2026-01-01T00:00:00Z") { total } }`))).toEqual(["BAD_USER_INPUT"]);
  });
});
