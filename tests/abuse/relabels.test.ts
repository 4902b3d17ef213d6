import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../api/src/config.ts";
import { canvasOfDigit, dataUrl } from "../helpers/fixtures.ts";
import { gql } from "../helpers/graphql.ts";
import { startTestServer, type TestServer } from "../helpers/test-server.ts";
import { postFrom } from "./helpers/watch.ts";

/*
 * One client relabelling everything as fast as it can, with the default settings: the rate limit
 * (on by default) holds it to a fifth of a drawing budget per minute. That bounds the speed of
 * a poisoning, not its direction: which labels to trust is the review queue's job.
 */
describe("abuse: mass relabelling under the default rate limit", () => {
  let server: TestServer;
  const ids: string[] = [];

  beforeAll(async () => {
    // The default budget, as a fresh install has it (tests otherwise turn rate limiting off).
    const defaults = loadConfig({});
    expect(defaults.rateLimitPerMinute).toBeGreaterThan(0);
    server = await startTestServer({ RATE_LIMIT_PER_MINUTE: String(defaults.rateLimitPerMinute) });
    // Predictions made by others (other addresses), each labelled correctly once.
    const { png, label } = await canvasOfDigit(0);
    const images = Array.from({ length: 40 }, () => dataUrl(png));
    for (let i = 0; i < 4; i++) {
      const { body } = await postFrom(server.url, { query: "mutation($i: [String!]!) { predictDigits(images: $i) { id digit } }", variables: { i: images.slice(i * 10, i * 10 + 10) } }, `127.0.1.${i + 1}`);
      const parsed = JSON.parse(body) as { data: { predictDigits: Array<{ id: string }> } };
      ids.push(...parsed.data.predictDigits.map((p) => p.id));
    }
    for (const [i, id] of ids.entries()) {
      await postFrom(server.url, { query: `mutation { submitFeedback(predictionId: "${id}", trueLabel: ${label}) { id } }` }, `127.0.1.${(i % 4) + 1}`);
    }
  });
  afterAll(() => server?.stop());

  it("holds a flood of relabels from one client to a small share of the minute's budget", async () => {
    const accuracy = async () => (await gql<{ stats: { accuracy: number } }>(server.url, "{ stats { accuracy } }")).data!.stats.accuracy;
    const before = await accuracy();
    let accepted = 0;
    let refused = 0;
    // 1,000 relabels as fast as one connection can send them, each to a wrong digit.
    for (let i = 0; i < 1000; i++) {
      const id = ids[i % ids.length]!;
      const { body } = await postFrom(server.url, { query: `mutation { submitFeedback(predictionId: "${id}", trueLabel: ${i % 2 === 0 ? 1 : 2}) { id } }` }, "127.0.0.9");
      const parsed = JSON.parse(body) as { errors?: Array<{ extensions?: { code?: string } }> };
      if (parsed.errors?.[0]?.extensions?.code === "RATE_LIMITED") refused++;
      else if (!parsed.errors) accepted++;
    }
    const budget = loadConfig({}).rateLimitPerMinute;
    expect(accepted).toBeLessThanOrEqual(budget / 5);
    expect(refused).toBe(1000 - accepted);
    console.log(`relabel flood: ${accepted} accepted, ${refused} refused; accuracy ${before} -> ${await accuracy()}`);
    // Everyone else is unaffected: their budget is their own.
    expect((await postFrom(server.url, { query: "{ stats { total } }" }, "127.0.1.1")).status).toBe(200);
  });
});
