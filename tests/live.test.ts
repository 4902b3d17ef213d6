import { inflateSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApiProcess, type ApiProcess } from "./helpers/api-process.ts";
import { canvasOfDigit, dataUrl, indicesByDigit } from "./helpers/fixtures.ts";
import { gql } from "./helpers/graphql.ts";
import { createThrowawayDatabase, postgresAvailable } from "./helpers/postgres.ts";
import { subscribe, untilLive } from "./helpers/subscriptions.ts";
import { startTestServer, type TestServer } from "./helpers/test-server.ts";

interface Event { id: string; digit: number; trueLabel: number | null; createdAt: string; replaceToken?: string | null }
const pickAdded = (data: Record<string, unknown>) => data.predictionAdded as Event;
const pickUpdated = (data: Record<string, unknown>) => data.predictionUpdated as Event;
const PREDICT = "mutation($image: String!) { predictDigit(image: $image) { id digit replaceToken } }";

async function predictDigitOf(url: string, index: number) {
  const { png } = await canvasOfDigit(index);
  const res = await gql<{ predictDigit: { id: string; digit: number; replaceToken: string } }>(url, PREDICT, { image: dataUrl(png) });
  expect(res.errors).toBeUndefined();
  return res.data!.predictDigit;
}

describe("live subscriptions in one process (in-memory pub/sub)", () => {
  let server: TestServer;
  beforeAll(async () => { server = await startTestServer(); });
  afterAll(() => server?.stop());

  it("streams new predictions, honours the digit filter, and streams feedback", async () => {
    const [zero, , , , , , , seven] = indicesByDigit();
    const all = await subscribe(server.url, "subscription { predictionAdded { id digit trueLabel createdAt replaceToken } }", pickAdded);
    const sevens = await subscribe(server.url, "subscription { predictionAdded(digit: 7) { id digit trueLabel createdAt } }", pickAdded);
    const updates = await subscribe(server.url, "subscription { predictionUpdated { id digit trueLabel createdAt } }", pickUpdated);

    const a = await predictDigitOf(server.url, zero!);
    const b = await predictDigitOf(server.url, seven!);
    expect((await all.next((e) => e.id === a.id)).digit).toBe(0);
    const bEvent = await all.next((e) => e.id === b.id);
    expect(Date.parse(bEvent.createdAt)).toBeGreaterThan(0);
    // The maker's replace token stays with the maker.
    expect(b.replaceToken).toEqual(expect.any(String));
    expect(bEvent.replaceToken).toBeNull();
    await sevens.next((e) => e.id === b.id);
    expect(sevens.events.map((e) => e.digit)).toEqual([7]);

    await gql(server.url, `mutation { submitFeedback(predictionId: "${a.id}", trueLabel: 6) { id } }`);
    expect(await updates.next((e) => e.id === a.id)).toMatchObject({ id: a.id, trueLabel: 6 });

    const removed = await subscribe(server.url, "subscription { predictionRemoved }", (d) => d.predictionRemoved as string);
    const { png } = await canvasOfDigit(seven!);
    await gql(server.url, "mutation($i: String!, $r: ID, $t: String) { predictDigit(image: $i, replaces: $r, replaceToken: $t) { id } }", { i: dataUrl(png), r: b.id, t: b.replaceToken });
    expect(await removed.next((id) => id === b.id)).toBe(b.id);
    await Promise.all([all.close(), sevens.close(), updates.close(), removed.close()]);
  });

  it("takes a cleared drawing's prediction back for its maker only, while it is unlabeled", async () => {
    const DISCARD = "mutation($id: ID!, $t: String!) { discardPrediction(id: $id, replaceToken: $t) }";
    const removed = await subscribe(server.url, "subscription { predictionRemoved }", (d) => d.predictionRemoved as string);
    const exists = async (id: string) => (await gql<{ prediction: { id: string } | null }>(server.url, `{ prediction(id: "${id}") { id } }`)).data!.prediction !== null;
    const a = await predictDigitOf(server.url, indicesByDigit()[2]!);
    const b = await predictDigitOf(server.url, indicesByDigit()[5]!);

    // Someone else's token (well formed, but not a's) removes nothing.
    expect((await gql(server.url, DISCARD, { id: a.id, t: b.replaceToken })).data).toEqual({ discardPrediction: false });
    const malformed = await gql(server.url, DISCARD, { id: a.id, t: "x" });
    expect(malformed.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(await exists(a.id)).toBe(true);

    expect((await gql(server.url, DISCARD, { id: a.id, t: a.replaceToken })).data).toEqual({ discardPrediction: true });
    expect(await removed.next((id) => id === a.id)).toBe(a.id);
    expect(await exists(a.id)).toBe(false);
    expect((await gql(server.url, DISCARD, { id: a.id, t: a.replaceToken })).data).toEqual({ discardPrediction: false });

    // A labeled prediction is kept: someone said what it was.
    await gql(server.url, `mutation { submitFeedback(predictionId: "${b.id}", trueLabel: 5) { id } }`);
    expect((await gql(server.url, DISCARD, { id: b.id, t: b.replaceToken })).data).toEqual({ discardPrediction: false });
    expect(await exists(b.id)).toBe(true);
    await removed.close();
  });

  it("pushes the statistics to watchers at once and after changes, a burst as one update", async () => {
    type Totals = { total: number; labeled: number };
    const query = async () => (await gql<{ stats: Totals }>(server.url, "{ stats { total labeled } }")).data!.stats;
    const before = await query();
    const stats = await subscribe(server.url, "subscription { statsChanged { total labeled } }", (d) => d.statsChanged as Totals);
    expect(await stats.next(() => true)).toEqual(before);

    const images = await Promise.all(Array.from({ length: 8 }, async (_, i) => dataUrl((await canvasOfDigit(indicesByDigit()[i]!)).png)));
    const batch = await gql<{ predictDigits: Array<{ id: string }> }>(server.url, "mutation($images: [String!]!) { predictDigits(images: $images) { id } }", { images });
    expect(batch.errors).toBeUndefined();
    await stats.next((s) => s.total === before.total + 8);
    // Eight predictions announced together make one recomputation, not eight.
    expect(stats.events.length).toBe(2);

    await gql(server.url, `mutation { submitFeedback(predictionId: "${batch.data!.predictDigits[0]!.id}", trueLabel: 0) { id } }`);
    expect(await stats.next((s) => s.labeled === before.labeled + 1)).toEqual({ total: before.total + 8, labeled: before.labeled + 1 });
    expect(await query()).toEqual({ total: before.total + 8, labeled: before.labeled + 1 });
    await stats.close();
  });

  it("serves the 28x28 picture the model read, computed from the stored drawing", async () => {
    const made = await gql<{ predictDigit: { modelInputUrl: string } }>(server.url, "mutation($image: String!) { predictDigit(image: $image) { modelInputUrl } }", {
      image: dataUrl((await canvasOfDigit(indicesByDigit()[3]!)).png),
    });
    const response = await fetch(new URL(made.data!.predictDigit.modelInputUrl, server.origin));
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("image/png");
    const png = Buffer.from(await response.arrayBuffer());
    expect([png.readUInt32BE(16), png.readUInt32BE(20), png[24], png[25]]).toEqual([28, 28, 8, 0]); // 28x28, 8-bit grey
    const idat = png.indexOf("IDAT");
    const rows = inflateSync(png.subarray(idat + 4, idat + 4 + png.readUInt32BE(idat - 4)));
    const pixel = (x: number, y: number) => rows[y * 29 + 1 + x]!;
    const ink = Array.from({ length: 28 * 28 }, (_, i) => pixel(i % 28, Math.floor(i / 28)));
    // MNIST framing: the digit in a 20 px box, centred by mass, ink bright on black.
    expect(Math.max(...ink)).toBe(255);
    expect(ink.filter((v) => v > 0).length / ink.length).toBeGreaterThan(0.05);
    expect(ink.filter((v) => v > 0).length / ink.length).toBeLessThan(0.45);
    for (let i = 0; i < 28; i++) expect([pixel(i, 0), pixel(i, 27), pixel(0, i), pixel(27, i)]).toEqual([0, 0, 0, 0]);

    expect((await fetch(`${server.origin}/predictions/999999/input.png`)).status).toBe(404);
  });
});

const withPostgres = await postgresAvailable();

describe.skipIf(!withPostgres)("live subscriptions across two API processes (PostgreSQL + Redis)", () => {
  let a: ApiProcess;
  let b: ApiProcess;
  let drop = async () => {};

  beforeAll(async () => {
    const db = await createThrowawayDatabase("digits_live");
    drop = db.drop;
    const env = { DATABASE_URL: db.url, REDIS_URL: process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379" };
    a = await startApiProcess(env);
    b = await startApiProcess(env);
  });
  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await drop();
  });

  it("a subscriber on process B sees a prediction made on process A, then its feedback", async () => {
    const added = await subscribe(b.url, "subscription { predictionAdded { id digit trueLabel createdAt } }", pickAdded);
    const updated = await subscribe(b.url, "subscription { predictionUpdated { id digit trueLabel createdAt } }", pickUpdated);
    // B's SUBSCRIBE reaches Redis some time after the subscribe: predict and label on A until B hears both.
    await untilLive([added, updated], async () => {
      const probe = await predictDigitOf(a.url, indicesByDigit()[1]!);
      await gql(a.url, `mutation { submitFeedback(predictionId: "${probe.id}", trueLabel: 1) { id } }`);
      return (e) => e.id === probe.id;
    });
    const made = await predictDigitOf(a.url, indicesByDigit()[4]!);
    const seen = await added.next((e) => e.id === made.id);
    expect(seen).toMatchObject({ id: made.id, digit: made.digit, trueLabel: null });
    expect(Number.isNaN(Date.parse(seen.createdAt))).toBe(false);

    await gql(a.url, `mutation { submitFeedback(predictionId: "${made.id}", trueLabel: 4) { id } }`);
    expect(await updated.next((e) => e.id === made.id)).toMatchObject({ id: made.id, trueLabel: 4 });
    // Both processes read the same database.
    const fromB = await gql<{ prediction: { trueLabel: number } }>(b.url, `{ prediction(id: "${made.id}") { trueLabel } }`);
    expect(fromB.data!.prediction.trueLabel).toBe(4);
    await Promise.all([added.close(), updated.close()]);
  });
});
