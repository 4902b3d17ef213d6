import pg from "pg";

/**
 * Adds synthetic predictions straight in SQL (through the same triggers as real ones), spread
 * over the last year, a third of them labeled, so stats and history see realistic data.
 */
export async function seedPredictions(url: string, count: number): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const chunk = 100_000;
    for (let done = 0; done < count; done += chunk) {
      const n = Math.min(chunk, count - done);
      await client.query(
        `INSERT INTO predictions (predicted_digit, confidence, probabilities, true_label, image_data, model_version, "timestamp", labeled_at, verdict)
         SELECT d, c, array_fill(((1 - c) / 9)::real, ARRAY[10]), CASE WHEN g % 3 = 0 THEN CASE WHEN g % 50 = 0 THEN (d + 1) % 10 ELSE d END END,
                '\\x89504e47'::bytea, 'bench', now() - (random() * interval '365 days'), NULL,
                (CASE WHEN c < 0.8 THEN 'UNSURE' ELSE 'CONFIDENT' END)::"Verdict"
         FROM (SELECT g, (g % 10)::smallint AS d, (0.5 + random() * 0.5)::real AS c FROM generate_series(1, $1) AS g) s`,
        [n],
      );
    }
    await client.query("ANALYZE predictions");
  } finally {
    await client.end();
  }
}

/**
 * Empties the table through its triggers (so the stats aggregates stay right) and vacuums it,
 * so that read latencies are measured at the sizes the bench names, not after its load runs.
 */
export async function clearPredictions(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query("DELETE FROM predictions");
    await client.query("VACUUM ANALYZE predictions");
  } finally {
    await client.end();
  }
}
