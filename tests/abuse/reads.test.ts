import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApiProcess, type ApiProcess } from "../helpers/api-process.ts";
import { canvasOfDigit, dataUrl } from "../helpers/fixtures.ts";
import { gql } from "../helpers/graphql.ts";
import { createThrowawayDatabase, postgresAvailable } from "../helpers/postgres.ts";
import { percentile, postFrom, startBystander } from "./helpers/watch.ts";

/*
 * Many clients asking for today's statistics, ten aliases at a time, on a table with a busy day
 * behind it: they must not drain the connection pool for everyone else. Rate limiting is off, the
 * worst case; with it on, each alias costs a point as well.
 */

const TODAY_ROWS = 200_000;
const SEED_TODAY = `
  INSERT INTO predictions (predicted_digit, confidence, probabilities, true_label, image_data, model_version, verdict, "timestamp")
  SELECT g % 10, (0.1 + (g % 90) / 100.0)::real, array_fill(0.1::real, ARRAY[10]), CASE WHEN g % 3 = 0 THEN g % 10 END,
         '\\x89504e47'::bytea, 'seed', 'CONFIDENT', date_trunc('day', now(), 'UTC') + ((g % 997) / 997.0) * (now() - date_trunc('day', now(), 'UTC'))
  FROM generate_series(1, $1::int) AS g`;

describe.runIf(await postgresAvailable())("abuse: aliased stats reads from many clients", () => {
  let api: ApiProcess;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    const db = await createThrowawayDatabase("digits_abuse_reads");
    drop = db.drop;
    api = await startApiProcess({ DATABASE_URL: db.url, RATE_LIMIT_PER_MINUTE: "0" });
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    await client.query(SEED_TODAY, [TODAY_ROWS]);
    await client.end();
  });
  afterAll(async () => {
    await api?.stop();
    await drop?.();
  });

  it("answers 8 clients x 10 aliased stats(since: today) without running dry, while a user keeps drawing", async () => {
    const since = new Date(Math.floor(Date.now() / 86_400_000) * 86_400_000).toISOString();
    const aliases = Array.from({ length: 10 }, (_, i) => `s${i}: stats(since: $since) { total accuracy }`).join(" ");
    const query = `query($since: DateTimeISO!) { ${aliases} }`;
    const bystander = startBystander(api.url, dataUrl((await canvasOfDigit(0)).png));
    const outcomes = await Promise.all(
      Array.from({ length: 8 }, async (_, c) => {
        const codes: string[] = [];
        for (let i = 0; i < 5; i++) {
          const { body } = await postFrom(api.url, { query, variables: { since } }, `127.0.2.${c + 1}`);
          const parsed = JSON.parse(body) as { data?: Record<string, { total: number }>; errors?: Array<{ extensions?: { code?: string } }> };
          codes.push(...(parsed.errors ?? []).map((e) => e.extensions?.code ?? "none"));
          if (parsed.data) expect(parsed.data.s9!.total).toBeGreaterThanOrEqual(TODAY_ROWS);
        }
        return codes;
      }),
    );
    const report = await bystander.stop();
    expect(outcomes.flat()).toEqual([]);
    expect(report.failures).toEqual([]);
    expect(percentile(report.latencies, 99)).toBeLessThan(2000);
    console.log(`aliased stats reads: bystander ${report.latencies.length} answers, p99 ${percentile(report.latencies, 99).toFixed(0)} ms`);
    // The totals are exact, not estimates: today's count includes the bystander's drawings.
    const { data } = await gql<{ stats: { total: number } }>(api.url, "query($since: DateTimeISO!) { stats(since: $since) { total } }", { since });
    expect(data!.stats.total).toBe(TODAY_ROWS + report.ids.length);
  });
});
