import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { canvasOfDigit, dataUrl } from "./helpers/fixtures.ts";
import { gql, type GraphQLResponse } from "./helpers/graphql.ts";
import { createThrowawayDatabase, postgresAvailable } from "./helpers/postgres.ts";
import { startTestServer, type TestServer } from "./helpers/test-server.ts";

const withPostgres = await postgresAvailable();

describe.skipIf(!withPostgres)("200 concurrent predictions on PostgreSQL lose nothing", () => {
  let server: TestServer;
  let drop = async () => {};
  beforeAll(async () => {
    const db = await createThrowawayDatabase("digits_load");
    drop = db.drop;
    // All 200 come from one address at once: more than one client may have in work by default.
    server = await startTestServer({ DATABASE_URL: db.url, IMAGES_IN_FLIGHT_PER_CLIENT: "256" });
  });
  afterAll(async () => {
    await server?.stop();
    await drop();
  });

  it("stores exactly one row per successful response", { timeout: 180_000 }, async () => {
    const canvases = await Promise.all(Array.from({ length: 10 }, (_, i) => canvasOfDigit(i)));
    const started = performance.now();
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        gql<{ predictDigit: { id: string; digit: number } }>(server.url, "mutation($i: String!) { predictDigit(image: $i) { id digit } }", {
          i: dataUrl(canvases[i % 10]!.png),
        }).catch((error: unknown): GraphQLResponse<{ predictDigit: { id: string; digit: number } }> => ({ status: 0, errors: [{ message: String(error), extensions: { code: "NETWORK" } }] })),
      ),
    );
    const seconds = (performance.now() - started) / 1000;
    const ok = results.filter((r) => !r.errors && r.data?.predictDigit);
    const ids = ok.map((r) => r.data!.predictDigit.id);
    const errorCodes = results.flatMap((r) => (r.errors ?? []).map((e) => String(e.extensions?.code)));
    console.log(`load: ${ok.length}/200 ok in ${seconds.toFixed(1)} s (${(200 / seconds).toFixed(0)} req/s), errors ${JSON.stringify(errorCodes)}`);

    expect(new Set(ids).size).toBe(ids.length);
    const rows = await server.services.db.prisma.prediction.findMany({ select: { id: true } });
    expect(rows.length).toBe(ok.length);
    expect(new Set(rows.map((r) => String(r.id)))).toEqual(new Set(ids));
    expect(ok.length).toBe(200);
    // Each response carries the digit that was drawn (the model reads these 10 canvases right).
    results.forEach((r, i) => expect(r.data?.predictDigit.digit).toBe(canvases[i % 10]!.label));
    const stats = await gql<{ stats: { total: number } }>(server.url, "{ stats { total } }");
    expect(stats.data!.stats.total).toBe(200);
  });
});
