import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApiProcess, type ApiProcess } from "./helpers/api-process.ts";
import { canvasOfDigit, dataUrl } from "./helpers/fixtures.ts";
import { codes, gql } from "./helpers/graphql.ts";
import { createThrowawayDatabase, postgresAvailable } from "./helpers/postgres.ts";
import { subscribe, untilLive } from "./helpers/subscriptions.ts";
import { startTcpProxy, type TcpProxy } from "./helpers/tcp-proxy.ts";

const PREDICT = "mutation($image: String!) { predictDigit(image: $image) { id digit } }";
const withPostgres = await postgresAvailable();

// PostgreSQL and Redis are reached through relays that the test cuts and restores, so the real
// services (shared with other tests running in parallel) are never touched.
describe.skipIf(!withPostgres)("when the database or Redis goes away", () => {
  let api: ApiProcess;
  let pgProxy: TcpProxy;
  let redisProxy: TcpProxy;
  let drop = async () => {};
  let image: string;
  let label: number;

  beforeAll(async () => {
    const db = await createThrowawayDatabase("digits_faults");
    drop = db.drop;
    pgProxy = await startTcpProxy(5432);
    redisProxy = await startTcpProxy(6379, { whileCut: "reset" });
    const url = new URL(db.url);
    url.port = String(pgProxy.port);
    api = await startApiProcess({ DATABASE_URL: url.toString(), REDIS_URL: `redis://127.0.0.1:${redisProxy.port}` });
    ({ png: image, label } = await canvasOfDigit(9).then((c) => ({ png: dataUrl(c.png), label: c.label })));
  });
  afterAll(async () => {
    await api?.stop();
    await Promise.all([pgProxy?.close(), redisProxy?.close()]);
    await drop();
  });

  it("keeps predicting while Redis is away, streams again when it is back, and sends what it missed", async () => {
    const before = await subscribe(api.url, "subscription { predictionAdded { id } }", (d) => d.predictionAdded as { id: string });
    await untilLive([before], async () => { // subscribed through Redis
      const made = await gql<{ predictDigit: { id: string } }>(api.url, PREDICT, { image });
      return (e) => e.id === made.data!.predictDigit.id;
    });
    await redisProxy.cut();
    const madeWhileAway: string[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await gql<{ predictDigit: { id: string; digit: number } }>(api.url, PREDICT, { image });
      expect(res.errors).toBeUndefined();
      expect(res.data!.predictDigit.digit).toBe(label);
      madeWhileAway.push(res.data!.predictDigit.id);
    }
    // Subscribed while Redis is away: the subscription must reach Redis once it is back.
    const events = await subscribe(api.url, "subscription { predictionAdded { id } }", (d) => d.predictionAdded as { id: string });
    // Its SUBSCRIBE waits through failed reconnects: two Redis clients retry, so four more
    // attempts are a failed reconnect or two of each.
    await redisProxy.attempts(4);
    await redisProxy.restore();
    // ioredis reconnects with back-off (at most 2 s between tries): predict until one arrives.
    await untilLive([events], async () => {
      const made = await gql<{ predictDigit: { id: string } }>(api.url, PREDICT, { image });
      return (e) => e.id === made.data!.predictDigit.id;
    }, { patienceMs: 1500, ms: 20_000 });
    await events.close();
    // Events published while Redis was away waited in the backlog and arrive late, in order.
    await before.next((e) => e.id === madeWhileAway.at(-1));
    expect(before.events.map((e) => e.id).filter((id) => madeWhileAway.includes(id))).toEqual(madeWhileAway);
    await before.close();
    expect(api.child.exitCode).toBeNull();
  });

  it("fails fast with SERVICE_UNAVAILABLE while the database is away, then recovers by itself", async () => {
    const before = (await gql<{ stats: { total: number } }>(api.url, "{ stats { total } }")).data!.stats.total;
    await pgProxy.cut();
    // Answered while the database is still away (it comes back only below), and as refused, not
    // as timed out: the server fails fast instead of waiting for it.
    const down = await gql<unknown>(api.url, PREDICT, { image });
    expect(codes(down)).toEqual(["SERVICE_UNAVAILABLE"]);
    expect(down.errors![0]!.message).toMatch(/database is unavailable/);
    expect(JSON.stringify(down)).not.toMatch(/prisma|\.ts:|127\.0\.0\.1/i);
    expect(codes(await gql(api.url, "{ stats { total } }"))).toEqual(["SERVICE_UNAVAILABLE"]);
    expect((await fetch(`${api.origin}/readyz`)).status).toBe(503);
    expect((await fetch(`${api.origin}/healthz`)).status).toBe(200);

    await pgProxy.restore();
    let recovered = false;
    for (let attempt = 0; attempt < 20 && !recovered; attempt++) {
      recovered = (await fetch(`${api.origin}/readyz`)).status === 200;
      if (!recovered) await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(recovered).toBe(true);
    const again = await gql<{ predictDigit: { digit: number } }>(api.url, PREDICT, { image });
    expect(again.data?.predictDigit.digit).toBe(label);
    const after = (await gql<{ stats: { total: number } }>(api.url, "{ stats { total } }")).data!.stats.total;
    expect(after).toBe(before + 1);
  });
});
