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
