import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { codes, gql } from "./helpers/graphql.ts";
import { renderDigitPng } from "../scripts/lib/render-canvas.ts";
import { canvasOfDigit, dataUrl, indicesByDigit, mnistTest } from "./helpers/fixtures.ts";
import { createThrowawayDatabase, postgresAvailable } from "./helpers/postgres.ts";
import { startTestServer, type TestServer } from "./helpers/test-server.ts";

const PREDICTION = "id digit confidence probabilities trueLabel correct createdAt labeledAt imageUrl modelVersion";

interface PredictionJson {
  id: string; digit: number; confidence: number; probabilities: number[]; trueLabel: number | null;
  correct: boolean | null; createdAt: string; labeledAt: string | null; imageUrl: string; modelVersion: string; verdict?: string;
}

const withPostgres = await postgresAvailable();

for (const backend of ["PGlite", "PostgreSQL"] as const) {
  describe.skipIf(backend === "PostgreSQL" && !withPostgres)(`API over HTTP on ${backend}`, () => {
    let server: TestServer;
    let dropDatabase = async () => {};

    beforeAll(async () => {
      const env: Record<string, string> = {};
      if (backend === "PostgreSQL") {
        const db = await createThrowawayDatabase();
        env.DATABASE_URL = db.url;
        dropDatabase = db.drop;
      }
      server = await startTestServer(env);
    });
    afterAll(async () => {
      await server?.stop();
      await dropDatabase();
    });

    const predict = async (png: Buffer) => {
      const res = await gql<{ predictDigit: PredictionJson }>(server.url, `mutation($image: String!) { predictDigit(image: $image) { ${PREDICTION} } }`, { image: dataUrl(png) });
      expect(res.errors).toBeUndefined();
      return res.data!.predictDigit;
    };

    /** One drawing of every digit, 0 to 9, stored in one batch; a test reads back what it made. */
    const predictEveryDigit = async () => {
      const canvases = await Promise.all(indicesByDigit().map((i) => canvasOfDigit(i)));
      const res = await gql<{ predictDigits: PredictionJson[] }>(server.url, `mutation($images: [String!]!) { predictDigits(images: $images) { ${PREDICTION} verdict } }`, {
        images: canvases.map((c) => dataUrl(c.png)),
      });
      expect(res.errors).toBeUndefined();
      return res.data!.predictDigits;
    };
    const label = (id: string, trueLabel: number) => gql(server.url, `mutation { submitFeedback(predictionId: "${id}", trueLabel: ${trueLabel}) { id } }`);

    /** Every stored prediction the filter lets through, newest first, paged as a client would. */
    const wholeHistory = async (filter = "{}", fields = "id") => {
      const nodes: PredictionJson[] = [];
      let after: string | null = null;
      for (;;) {
        const res: { data?: { history: { nodes: PredictionJson[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } } | null } =
          await gql(server.url, `query($after: String) { history(first: 100, after: $after, filter: ${filter}) { nodes { ${fields} } pageInfo { hasNextPage endCursor } } }`, { after });
        nodes.push(...res.data!.history.nodes);
        if (!res.data!.history.pageInfo.hasNextPage) return nodes;
        after = res.data!.history.pageInfo.endCursor;
      }
    };

    it("predicts a drawn digit, stores it, and serves its image", async () => {
      const { png, label } = await canvasOfDigit(0);
      const sentAt = Date.now();
      const p = await predict(png);
      const answeredAt = Date.now();
      expect(p.digit).toBe(label);
      expect(p.probabilities).toHaveLength(10);
      expect(p.probabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);
      expect(p.confidence).toBeCloseTo(Math.max(...p.probabilities), 5);
      expect(p.confidence).toBeGreaterThan(0.5);
      expect(p.trueLabel).toBeNull();
      expect(p.correct).toBeNull();
      expect(p.modelVersion).toBe(server.services.models.current().version);
      // Stamped between the request and its answer (by the database's clock: allow it a second).
      expect(Date.parse(p.createdAt)).toBeGreaterThanOrEqual(sentAt - 1000);
      expect(Date.parse(p.createdAt)).toBeLessThanOrEqual(answeredAt + 1000);

      expect(p.imageUrl).toBe(`${server.origin}/predictions/${p.id}/image.png`);
      const image = await fetch(p.imageUrl);
      expect(image.status).toBe(200);
      expect(image.headers.get("content-type")).toBe("image/png");
      expect(image.headers.get("cache-control")).toContain("immutable");
      expect(Buffer.from(await image.arrayBuffer()).equals(png)).toBe(true);

      const again = await gql<{ prediction: PredictionJson }>(server.url, `query($id: ID!) { prediction(id: $id) { ${PREDICTION} } }`, { id: p.id });
      expect(again.data!.prediction).toEqual(p);
      expect((await fetch(`${server.origin}/predictions/999999/image.png`)).status).toBe(404);
    });

    it("stores concurrent predictions together, each caller getting its own row, and isolates a bad one", async () => {
      const { store, db } = server.services;
      const item = (i: number) => ({
        predictedDigit: i % 10,
        confidence: (i + 1) / 1000,
        probabilities: Array.from({ length: 10 }, (_, d) => (d === i % 10 ? 0.91 : 0.01)),
        imageData: Buffer.from(`image ${i}`),
        modelVersion: `v${i}`,
        replaceKey: i % 2 === 0 ? Buffer.from(`key ${i}`) : null,
        verdict: "CONFIDENT" as const,
        imageFormat: i % 3 === 0 ? ("jpeg" as const) : ("png" as const),
      });
      const replaceKey = async (id: number) =>
        (await db.sql.query<{ key: Uint8Array | null }>("SELECT replace_key AS key FROM predictions WHERE id = $1", [id]))[0]!.key;
      const transactions = async (ids: number[]) =>
        (await db.sql.query<{ n: number }>("SELECT count(DISTINCT xmin::text)::int AS n FROM predictions WHERE id = ANY($1)", [ids]))[0]!.n;

      // The first insert starts at once; the 23 that arrive while it runs go in one statement.
      const items = Array.from({ length: 24 }, (_, i) => item(i));
      const rows = await Promise.all(items.map((i) => store.create(i)));
      for (const [i, row] of rows.entries()) {
        expect(row).toMatchObject({ predictedDigit: items[i]!.predictedDigit, confidence: items[i]!.confidence, modelVersion: `v${i}`, trueLabel: null, imageFormat: items[i]!.imageFormat });
        expect(await store.findById(row.id)).toEqual(row);
        expect(Buffer.from((await store.image(row.id))!).toString()).toBe(`image ${i}`);
        const key = await replaceKey(row.id);
        expect(key === null ? null : Buffer.from(key).toString()).toBe(i % 2 === 0 ? `key ${i}` : null);
      }
      expect(await transactions(rows.map((r) => r.id))).toBe(2);

      // A digit the table's CHECK refuses fails its group; the others are then stored one by one.
      const bad = { ...item(99), predictedDigit: 42 };
      const settled = await Promise.allSettled([item(100), item(101), bad, item(102)].map((i) => store.create(i)));
      expect(settled.map((s) => s.status)).toEqual(["fulfilled", "fulfilled", "rejected", "fulfilled"]);
      const kept = settled.flatMap((s) => (s.status === "fulfilled" ? [s.value] : []));
      expect(kept.map((r) => r.modelVersion)).toEqual(["v100", "v101", "v102"]);
    });

    it("recognises one drawing of every digit in a batch, in order", async () => {
      const canvases = await Promise.all(indicesByDigit().map((i) => canvasOfDigit(i, "white-on-black")));
      const res = await gql<{ predictDigits: PredictionJson[] }>(server.url, `mutation($images: [String!]!) { predictDigits(images: $images) { id digit } }`, {
        images: canvases.map((c) => dataUrl(c.png)),
      });
      expect(res.errors).toBeUndefined();
      expect(res.data!.predictDigits.map((p) => p.digit)).toEqual(canvases.map((c) => c.label));
      const ids = res.data!.predictDigits.map((p) => Number(p.id));
      expect([...ids].sort((a, b) => a - b)).toEqual(ids);
    });

    it("reads digits as small as MNIST's own 28x28 images", async () => {
      const indices = indicesByDigit();
      const pngs = await Promise.all(indices.map((i) => renderDigitPng(mnistTest(), i, { size: 28, scale: 1, x: 0, y: 0, style: "white-on-black" })));
      const res = await gql<{ predictDigits: PredictionJson[] }>(server.url, `mutation($images: [String!]!) { predictDigits(images: $images) { digit } }`, {
        images: pngs.map(dataUrl),
      });
      expect(res.errors).toBeUndefined();
      expect(res.data!.predictDigits.map((p) => p.digit)).toEqual(indices.map((i) => mnistTest().labels[i]));
    });

    it("takes feedback, lets a later label replace it, and reflects it in stats and history", async () => {
      const before = await gql<{ stats: { total: number; labeled: number; correct: number } }>(server.url, "{ stats { total labeled correct } }");
      const { png, label } = await canvasOfDigit(1);
      const p = await predict(png);
      const wrong = (label + 1) % 10;

      const first = await gql<{ submitFeedback: PredictionJson }>(server.url, `mutation { submitFeedback(predictionId: "${p.id}", trueLabel: ${wrong}) { ${PREDICTION} } }`);
      expect(first.data!.submitFeedback).toMatchObject({ id: p.id, trueLabel: wrong, correct: false });
      expect(first.data!.submitFeedback.labeledAt).not.toBeNull();
      const mid = await gql<{ stats: { labeled: number; correct: number; confusionMatrix: number[][] } }>(server.url, "{ stats { labeled correct confusionMatrix } }");
      expect(mid.data!.stats.labeled).toBe(before.data!.stats.labeled + 1);
      expect(mid.data!.stats.correct).toBe(before.data!.stats.correct);
      expect(mid.data!.stats.confusionMatrix[wrong]![label]).toBeGreaterThanOrEqual(1);

      const second = await gql<{ submitFeedback: PredictionJson }>(server.url, `mutation { submitFeedback(predictionId: "${p.id}", trueLabel: ${label}) { trueLabel correct } }`);
      expect(second.data!.submitFeedback).toMatchObject({ trueLabel: label, correct: true });
      const after = await gql<{ stats: { total: number; labeled: number; correct: number; accuracy: number } }>(server.url, "{ stats { total labeled correct accuracy } }");
      expect(after.data!.stats).toMatchObject({
        total: before.data!.stats.total + 1,
        labeled: before.data!.stats.labeled + 1,
        correct: before.data!.stats.correct + 1,
      });
      expect(after.data!.stats.accuracy).toBeCloseTo(after.data!.stats.correct / after.data!.stats.labeled, 6);

      const history = await gql<{ history: { nodes: PredictionJson[] } }>(server.url, "{ history(first: 1) { nodes { id trueLabel correct } } }");
      expect(history.data!.history.nodes[0]).toMatchObject({ id: p.id, trueLabel: label, correct: true });
    });

    it("gives the maker's token in predictDrawing's payload, and marks the old field deprecated", async () => {
      type Payload = { prediction: { id: string; digit: number }; replaceToken: string };
      const draw = async (replaces?: string, replaceToken?: string) => {
        const res = await gql<{ predictDrawing: Payload }>(server.url, "mutation($i: String!, $r: ID, $t: String) { predictDrawing(image: $i, replaces: $r, replaceToken: $t) { prediction { id digit } replaceToken } }", {
          i: dataUrl((await canvasOfDigit(6)).png), r: replaces, t: replaceToken,
        });
        expect(res.errors).toBeUndefined();
        return res.data!.predictDrawing;
      };
      const first = await draw();
      expect(first.replaceToken).toMatch(/^[A-Za-z0-9_-]{24}$/);
      const second = await draw(first.prediction.id, first.replaceToken);
      expect(second.prediction.id).not.toBe(first.prediction.id);
      expect((await gql<{ prediction: null }>(server.url, `{ prediction(id: "${first.prediction.id}") { id } }`)).data!.prediction).toBeNull();
      const fields = await gql<{ __type: { fields: Array<{ name: string; isDeprecated: boolean }> } }>(server.url, '{ __type(name: "Prediction") { fields(includeDeprecated: true) { name isDeprecated } } }');
      expect(fields.data!.__type.fields.find((f) => f.name === "replaceToken")).toEqual({ name: "replaceToken", isDeprecated: true });
    });

    it("lets the maker of an unlabeled prediction replace it by a later one of the same drawing", async () => {
      const total = async () => (await gql<{ stats: { total: number } }>(server.url, "{ stats { total } }")).data!.stats.total;
      const exists = async (id: string) => (await gql<{ prediction: { id: string } | null }>(server.url, `{ prediction(id: "${id}") { id } }`)).data!.prediction !== null;
      type Made = { id: string; digit: number; replaceToken: string | null };
      const make = async (png: Buffer, replaces?: string | null, replaceToken?: string | null) =>
        gql<{ predictDigit: Made }>(server.url, "mutation($i: String!, $r: ID, $t: String) { predictDigit(image: $i, replaces: $r, replaceToken: $t) { id digit replaceToken } }", {
          i: dataUrl(png), r: replaces, t: replaceToken,
        });
      const made = async (...args: Parameters<typeof make>) => {
        const res = await make(...args);
        expect(res.errors).toBeUndefined();
        return res.data!.predictDigit;
      };
      const before = await total();
      const { png, label } = await canvasOfDigit(2);
      const first = await made(png);
      expect(first.replaceToken).toMatch(/^[A-Za-z0-9_-]{24}$/);
      // The token is for the maker only: reads give null.
      expect((await gql<{ prediction: { replaceToken: string | null } }>(server.url, `{ prediction(id: "${first.id}") { replaceToken } }`)).data!.prediction.replaceToken).toBeNull();

      // Someone else, with the id but a wrong token, removes nothing.
      const other = await made(png, first.id, "x".repeat(24));
      expect(await exists(first.id)).toBe(true);
      expect(await total()).toBe(before + 2);

      const second = await made(png, first.id, first.replaceToken);
      expect(second.digit).toBe(label);
      expect(second.replaceToken).not.toBe(first.replaceToken);
      expect(await total()).toBe(before + 2);
      expect(await exists(first.id)).toBe(false);
      expect((await fetch(`${server.origin}/predictions/${first.id}/image.png`)).status).toBe(404);

      // A labeled prediction is kept; so is anything when the id is not a prediction.
      await gql(server.url, `mutation { submitFeedback(predictionId: "${second.id}", trueLabel: ${label}) { id } }`);
      await made(png, second.id, second.replaceToken);
      await made(png, "not-an-id", second.replaceToken);
      expect(await total()).toBe(before + 4);
      expect((await gql<{ prediction: { trueLabel: number } }>(server.url, `{ prediction(id: "${second.id}") { trueLabel } }`)).data!.prediction.trueLabel).toBe(label);

      // So is an unlabeled one older than the 2-minute window.
      const old = await made(png);
      await server.services.db.sql.query(`UPDATE predictions SET "timestamp" = now() - interval '3 minutes' WHERE id = $1`, [Number(old.id)]);
      await made(png, old.id, old.replaceToken);
      expect(await total()).toBe(before + 6);
      expect(await exists(old.id)).toBe(true);

      // An id without its token, a token without an id, or a malformed token: a clear error, nothing stored or removed.
      for (const [replaces, token] of [[other.id, null], [null, other.replaceToken], [other.id, "short"], [other.id, "not a token at all!!!!!!"]] as const) {
        const res = await make(png, replaces, token);
        expect(res.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
      }
      expect(await total()).toBe(before + 6);
      expect(await exists(other.id)).toBe(true);
    });

    it("pages through history newest first and filters it", async () => {
      // Its own rows: one of each digit, one labeled right and one wrong.
      const made = await predictEveryDigit();
      const [zero, , , , , , , seven] = made;
      await label(zero!.id, zero!.digit);
      await label(seven!.id, (seven!.digit + 3) % 10);

      const all: string[] = [];
      let after: string | null = null;
      for (;;) {
        const res: { data?: { history: { nodes: { id: string }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } } | null } =
          await gql(server.url, "query($after: String) { history(first: 3, after: $after) { nodes { id } pageInfo { hasNextPage endCursor } } }", { after });
        all.push(...res.data!.history.nodes.map((n) => n.id));
        if (!res.data!.history.pageInfo.hasNextPage) break;
        after = res.data!.history.pageInfo.endCursor;
      }
      const total = (await gql<{ stats: { total: number } }>(server.url, "{ stats { total } }")).data!.stats.total;
      expect(all).toHaveLength(total);
      expect(new Set(all).size).toBe(total);
      expect(all.map(Number)).toEqual([...all.map(Number)].sort((a, b) => b - a));
      expect(all.slice(0, made.length)).toEqual(made.map((p) => p.id).reverse());

      const sevens = await wholeHistory("{ digit: 7 }", "id digit");
      expect(sevens.map((n) => n.id)).toContain(seven!.id);
      expect(sevens.every((n) => n.digit === 7)).toBe(true);
      const labeled = await wholeHistory("{ labeled: true }", "id trueLabel");
      expect(labeled.map((n) => n.id)).toEqual(expect.arrayContaining([zero!.id, seven!.id]));
      expect(labeled.every((n) => n.trueLabel !== null)).toBe(true);
      const unlabeled = await wholeHistory("{ labeled: false }", "id trueLabel");
      expect(unlabeled.map((n) => n.id)).toContain(made[1]!.id);
      expect(unlabeled.every((n) => n.trueLabel === null)).toBe(true);
      expect(labeled.length + unlabeled.length).toBe(total);

      const wrong = await wholeHistory("{ correct: false }", "id digit trueLabel correct");
      expect(wrong.map((n) => n.id)).toContain(seven!.id);
      expect(wrong.map((n) => n.id)).not.toContain(zero!.id);
      expect(wrong.every((n) => n.correct === false && n.trueLabel !== n.digit)).toBe(true);
      const right = await wholeHistory("{ correct: true }", "id correct");
      expect(right.map((n) => n.id)).toContain(zero!.id);
      expect(right.every((n) => n.correct === true)).toBe(true);

      expect(codes(await gql(server.url, '{ history(after: "nonsense") { nodes { id } } }'))).toEqual(["BAD_USER_INPUT"]);
      const beyondIntegers = Buffer.from("p:9999999999").toString("base64url");
      expect(codes(await gql(server.url, `{ history(after: "${beyondIntegers}") { nodes { id } } }`))).toEqual(["BAD_USER_INPUT"]);
      expect(codes(await gql(server.url, "{ history(first: 101) { nodes { id } } }"))).toEqual(["BAD_USER_INPUT"]);
    });

    it("computes stats that agree with the stored predictions", async () => {
      interface StatsJson {
        total: number; notDigits: number; labeled: number; correct: number; accuracy: number | null; averageConfidence: number | null;
        perDigit: { digit: number; predicted: number; support: number; precision: number | null; recall: number | null }[];
        confusionMatrix: number[][]; calibration: { lower: number; upper: number; count: number; accuracy: number | null }[];
        expectedCalibrationError: number | null;
      }
      const fields = "total notDigits labeled correct accuracy averageConfidence perDigit { digit predicted support precision recall } confusionMatrix calibration { lower upper count accuracy } expectedCalibrationError";
      const read = async () => (await gql<{ stats: StatsJson }>(server.url, `{ stats { ${fields} } }`)).data!.stats;
      const before = await read();
      // Its own rows: one of each digit, three labeled right and one wrong.
      const made = await predictEveryDigit();
      for (const p of made.slice(0, 3)) await label(p.id, p.digit);
      await label(made[3]!.id, (made[3]!.digit + 1) % 10);
      const madeDigits = made.filter((p) => p.verdict !== "NOT_A_DIGIT");

      const stats = await read();
      expect(stats.total).toBe(before.total + made.length);
      expect(stats.notDigits).toBe(before.notDigits + made.length - madeDigits.length);
      const labeledDigits = madeDigits.filter((p) => made.indexOf(p) < 4);
      expect(stats.labeled).toBe(before.labeled + labeledDigits.length);
      expect(stats.correct).toBe(before.correct + labeledDigits.filter((p) => made.indexOf(p) < 3).length);

      // And every figure agrees with the rows themselves, whatever else is stored.
      const rows = await wholeHistory("{}", "digit confidence trueLabel verdict");
      const digitRows = rows.filter((r) => r.verdict !== "NOT_A_DIGIT");
      expect(stats.total).toBe(rows.length);
      expect(stats.notDigits).toBe(rows.length - digitRows.length);
      const labeledRows = digitRows.filter((r) => r.trueLabel !== null);
      expect(stats.labeled).toBe(labeledRows.length);
      expect(stats.correct).toBe(labeledRows.filter((r) => r.trueLabel === r.digit).length);
      expect(stats.accuracy).toBeCloseTo(stats.correct / stats.labeled, 6);
      expect(stats.averageConfidence).toBeCloseTo(rows.reduce((s, r) => s + r.confidence, 0) / rows.length, 5);
      expect(stats.confusionMatrix.flat().reduce((a, b) => a + b, 0)).toBe(stats.labeled);
      expect(stats.perDigit.map((d) => d.predicted).reduce((a, b) => a + b, 0)).toBe(digitRows.length);
      expect(stats.perDigit.map((d) => d.support).reduce((a, b) => a + b, 0)).toBe(stats.labeled);
      expect(stats.calibration).toHaveLength(10);
      expect(stats.calibration.map((b) => b.count).reduce((a, b) => a + b, 0)).toBe(stats.labeled);
      for (const r of labeledRows) {
        expect(stats.confusionMatrix[r.trueLabel!]![r.digit]).toBeGreaterThan(0);
      }

      const future = new Date(Date.now() + 3_600_000).toISOString();
      const none = await gql<{ stats: StatsJson }>(server.url, `{ stats(since: "${future}") { total labeled accuracy averageConfidence } }`);
      expect(none.data!.stats).toEqual({ total: 0, labeled: 0, accuracy: null, averageConfidence: null });
      const past = new Date(Date.now() - 3 * 86_400_000 - 1234).toISOString();
      const all = await gql<{ stats: StatsJson }>(server.url, `{ stats(since: "${past}") { ${fields} } }`);
      expect(all.data!.stats).toEqual(stats);
      expect(codes(await gql(server.url, "query($since: DateTimeISO) { stats(since: $since) { total } }", { since: "yesterday" }))).toEqual(["BAD_USER_INPUT"]);
    });

    it("counts accuracy per day, by the day each drawing was made", async () => {
      type Day = { day: string; total: number; labeled: number; correct: number; accuracy: number | null };
      const read = async (args = "") => (await gql<{ stats: { total: number; daily: Day[] } }>(server.url, `{ stats${args} { total daily { day total labeled correct accuracy } } }`)).data!.stats;
      // Three drawings made two days ago (stored as they were then), then labeled now: one right, one wrong.
      const then = new Date(Date.now() - 2 * 86_400_000);
      const day = then.toISOString().slice(0, 10);
      const rows = await server.services.db.sql.query<{ id: number }>(
        `INSERT INTO predictions (predicted_digit, confidence, probabilities, image_data, model_version, verdict, "timestamp")
         SELECT d, 0.9, array_fill(0.01::real, ARRAY[10]), '\\x00'::bytea, 'test', 'CONFIDENT', $1::timestamptz FROM unnest(ARRAY[1, 2, 3]) AS d RETURNING id`,
        [then.toISOString()],
      );
      const [one, two] = rows.map((r) => String(r.id)).sort();
      await label(one!, 1);
      await label(two!, 7);

      const stats = await read();
      expect(stats.daily.map((d) => d.day)).toEqual([...stats.daily.map((d) => d.day)].sort());
      expect(stats.daily.find((d) => d.day === day)).toEqual({ day, total: 3, labeled: 2, correct: 1, accuracy: 0.5 });
      expect(stats.daily.reduce((sum, d) => sum + d.total, 0)).toBe(stats.total);
      const recent = await read(`(since: "${new Date(Date.now() - 86_400_000).toISOString()}")`);
      expect(recent.daily.some((d) => d.day === day)).toBe(false);
      expect(recent.total).toBe(stats.total - 3);
      // A span of hours: until the end of yesterday's hour, and one that holds only those three.
      const dayBefore = new Date(Date.now() - 86_400_000).toISOString();
      expect((await read(`(until: "${dayBefore}")`)).total).toBe(3);
      const span = await read(`(since: "${new Date(Date.now() - 3 * 86_400_000).toISOString()}", until: "${dayBefore}")`);
      expect(span.total).toBe(3);
      expect(span.daily.map((d) => d.day)).toEqual([day]);
      expect(codes(await gql(server.url, `{ stats(since: "${dayBefore}", until: "${new Date(Date.now() - 2 * 86_400_000).toISOString()}") { total } }`))).toEqual(["BAD_USER_INPUT"]);
    });

    it("describes the model", async () => {
      const res = await gql<{ modelInfo: { name: string; version: string; testAccuracy: number; input: { shape: number[]; mean: number } } }>(
        server.url, "{ modelInfo { name version testAccuracy input { shape mean } } }",
      );
      expect(res.data!.modelInfo).toMatchObject({ name: "mnist-cnn", input: { shape: [1, 28, 28], mean: 0.1307 } });
      expect(res.data!.modelInfo.version).toMatch(/^[0-9a-f]{12}$/);
      expect(res.data!.modelInfo.testAccuracy).toBe(server.services.models.current().card.testAccuracy);
    });

    it("answers health and readiness", async () => {
      expect((await fetch(`${server.origin}/healthz`)).status).toBe(200);
      const ready = await fetch(`${server.origin}/readyz`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toMatchObject({ status: "ready", database: backend === "PGlite" ? "pglite" : "postgres" });
      expect(server.errors).toEqual([]);
    });
  });
}
