import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asDataUrl, blankPng } from "./abuse/helpers/attack-images.ts";
import { canvasOfDigit, dataUrl } from "./helpers/fixtures.ts";
import { codes, gql } from "./helpers/graphql.ts";
import { startTestServer, type TestServer } from "./helpers/test-server.ts";

const PREDICT = "mutation($image: String!) { predictDigit(image: $image) { id digit } }";

describe("limits on query shape, size and rate", () => {
  let server: TestServer;
  let image: string;
  beforeAll(async () => {
    server = await startTestServer();
    image = dataUrl((await canvasOfDigit(2)).png);
  });
  afterAll(() => server?.stop());

  // The schema has no cycles, so depth cannot grow past the limit (8) outside introspection;
  // graphql-armor still enforces it (and cost) as validation rules.
  it("refuses aliased, long and batched operations", async () => {
    const normal = "{ a: history { edges { node { id } } } b: stats { perDigit { digit } } }";
    expect(codes(await gql(server.url, normal))).toEqual([]);
    const aliases = `{ ${Array.from({ length: 11 }, (_, i) => `a${i}: modelInfo { name }`).join(" ")} }`;
    expect(codes(await gql(server.url, aliases))).toEqual(["GRAPHQL_VALIDATION_FAILED"]);
    const tokens = `{ ${Array.from({ length: 2100 }, () => "__typename").join(" ")} }`;
    const long = await gql(server.url, tokens);
    expect(codes(long)).toEqual(["GRAPHQL_PARSE_FAILED"]);
    expect(long.errors![0]!.message).toMatch(/tokens/);
    const batched = await fetch(server.url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify([{ query: "{ __typename }" }, { query: "{ __typename }" }]) });
    expect(batched.status).toBe(400);
  });

  it("keeps Apollo's CSRF prevention on", async () => {
    const simple = await fetch(server.url, { method: "POST", headers: { "content-type": "text/plain" }, body: JSON.stringify({ query: "{ __typename }" }) });
    expect(simple.status).toBe(400);
    const getMutation = await fetch(`${server.url}?query=${encodeURIComponent("mutation { submitFeedback(predictionId: \"1\", trueLabel: 1) { id } }")}`, { headers: { "apollo-require-preflight": "1" } });
    expect(getMutation.status).toBe(405);
  });

  it("rate-limits each client with RATE_LIMITED, 429 and Retry-After: mutations and reads share one budget", async () => {
    const limited = await startTestServer({ RATE_LIMIT_PER_MINUTE: "8" });
    try {
      const post = (query: string, variables?: Record<string, unknown>) =>
        fetch(limited.url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query, variables }) });
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) statuses.push((await post(PREDICT, { image })).status);
      expect(statuses).toEqual([200, 200, 200, 200, 200]);
      expect((await gql<{ stats: { total: number } }>(limited.url, "{ stats { total } }")).data!.stats.total).toBe(5);
      // Each aliased copy of a read pays again: two more points, the budget of 8 is spent.
      expect(codes(await gql(limited.url, "{ a: stats { total } b: history(first: 1) { nodes { id } } }"))).toEqual([]);
      const refused = await post(PREDICT, { image });
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
      const body = (await refused.json()) as { errors: { extensions: { code: string; retryAfter: number } }[] };
      expect(body.errors[0]!.extensions.code).toBe("RATE_LIMITED");
      expect(codes(await gql(limited.url, "{ stats { total } }"))).toEqual(["RATE_LIMITED"]);
    } finally {
      await limited.stop();
    }
  });

  it("charges images by their pixels, not by their bytes", async () => {
    const limited = await startTestServer({ RATE_LIMIT_PER_MINUTE: "20" });
    try {
      // A blank 1024x1024 PNG is a few KB but a megapixel to decode: 1 point plus 4.
      const big = asDataUrl(blankPng(1024, 1024, 8, 0));
      for (let i = 0; i < 3; i++) expect(codes(await gql(limited.url, PREDICT, { image: big }))).toEqual(["EMPTY_CANVAS"]);
      expect(codes(await gql(limited.url, PREDICT, { image }))).toEqual([]); // a canvas drawing: 1 point, 16 spent
      expect(codes(await gql(limited.url, PREDICT, { image: big }))).toEqual(["RATE_LIMITED"]); // would be 21
    } finally {
      await limited.stop();
    }
  });
});

describe("health, readiness, metrics and request ids", () => {
  let server: TestServer;
  beforeAll(async () => { server = await startTestServer(); });
  afterAll(() => server?.stop());

  it("exposes Prometheus metrics that move with traffic", async () => {
    const { png, label } = await canvasOfDigit(0);
    await gql(server.url, `mutation Draw($image: String!) { predictDigit(image: $image) { id } }`, { image: dataUrl(png) });
    await gql(server.url, `mutation Bad { predictDigit(image: "nope") { id } }`);
    const metrics = await (await fetch(`${server.origin}/metrics`)).text();
    // Labelled by root field, never by the client's operationName (unbounded).
    expect(metrics).toContain('graphql_operations_total{operation="predictDigit",type="mutation"} 2');
    expect(metrics).not.toContain('operation="Draw"');
    expect(metrics).toContain('graphql_errors_total{code="INVALID_IMAGE"} 1');
    expect(metrics).toContain(`predictions_total{digit="${label}"} 1`);
    expect(metrics).toMatch(/prediction_latency_seconds_count 1/);
    expect(metrics).toMatch(/graphql_operation_duration_seconds_bucket\{le="\+Inf",operation="predictDigit"\} 2/);
    expect(metrics).toContain("process_resident_memory_bytes");
  });

  it("answers /healthz and /readyz and tags responses with a request id", async () => {
    const health = await fetch(`${server.origin}/healthz`);
    expect(health.status).toBe(200);
    expect(health.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    const echoed = await fetch(`${server.origin}/readyz`, { headers: { "x-request-id": "trace-42" } });
    expect(echoed.headers.get("x-request-id")).toBe("trace-42");
    expect(await echoed.json()).toMatchObject({ status: "ready", database: "pglite" });
  });

  it("sends the page's frame at once and its assets compressed, Brotli first", async () => {
    const html = await (await fetch(server.origin)).text();
    // Something to look at while the script loads.
    expect(html).toContain("Loading the canvas");
    const script = /src="(\/assets\/index-[\w-]+\.js)"/.exec(html)![1]!;
    const plain = await fetch(`${server.origin}${script}`, { headers: { "accept-encoding": "identity" } });
    const plainBody = await plain.text();
    expect(plain.headers.get("content-encoding")).toBeNull();
    for (const [accept, encoding] of [["br, gzip", "br"], ["gzip", "gzip"]] as const) {
      const packed = await fetch(`${server.origin}${script}`, { headers: { "accept-encoding": accept } });
      expect(packed.headers.get("content-encoding")).toBe(encoding);
      expect(packed.headers.get("content-type")).toMatch(/^text\/javascript/);
      expect(packed.headers.get("vary")).toMatch(/accept-encoding/i);
      expect(packed.headers.get("cache-control")).toContain("immutable");
      expect(Number(packed.headers.get("content-length"))).toBeLessThan(plainBody.length / 2);
      expect(await packed.text()).toBe(plainBody); // fetch undoes the encoding
    }
    // The lookup of a compressed copy stays inside the assets folder.
    const outside = await fetch(`${server.origin}/assets/..%2f..%2fpackage.json`, { headers: { "accept-encoding": "br" } });
    expect(outside.status).toBe(404);
  });
});

describe("introspection and the IDE can be switched off", () => {
  let server: TestServer;
  beforeAll(async () => { server = await startTestServer({ INTROSPECTION: "false", IDE: "false" }); });
  afterAll(() => server?.stop());

  it("refuses introspection and does not serve the IDE", async () => {
    const res = await gql(server.url, "{ __schema { types { name } } }");
    expect(codes(res)).toEqual(["GRAPHQL_VALIDATION_FAILED"]);
    const suggestion = await gql(server.url, "{ stat { total } }");
    expect(suggestion.errors![0]!.message).not.toMatch(/Did you mean/);
    const page = await fetch(server.url, { headers: { accept: "text/html" } });
    expect(await page.text()).not.toContain("GraphQL IDE");
    expect((await fetch(`${server.origin}/playground`)).status).toBe(404);
  });
});

describe("image URLs", () => {
  let server: TestServer;
  beforeAll(async () => { server = await startTestServer({ PUBLIC_URL: "https://digits.example.com/app/" }); });
  afterAll(() => server?.stop());

  it("are absolute, under the configured public URL whatever Host says, and named by the image's format", async () => {
    const { Jimp } = await import("jimp");
    const jpeg = await (await Jimp.fromBuffer((await canvasOfDigit(3)).png)).getBuffer("image/jpeg");
    // fetch sets Host itself: node:http sends the one a client chose.
    const body = JSON.stringify({ query: "mutation($i: String!) { predictDigit(image: $i) { id imageUrl modelInputUrl } }", variables: { i: `data:image/jpeg;base64,${jpeg.toString("base64")}` } });
    const answer = await new Promise<string>((resolve, reject) => {
      const request = http.request(server.url, { method: "POST", headers: { "content-type": "application/json", host: "attacker.example" } }, (response) => {
        let text = "";
        response.on("data", (chunk: Buffer) => (text += chunk.toString()));
        response.on("end", () => resolve(text));
      });
      request.on("error", reject);
      request.end(body);
    });
    const { id, imageUrl, modelInputUrl } = (JSON.parse(answer) as { data: { predictDigit: { id: string; imageUrl: string; modelInputUrl: string } } }).data.predictDigit;
    expect(imageUrl).toBe(`https://digits.example.com/app/predictions/${id}/image.jpg`);
    expect(modelInputUrl).toBe(`https://digits.example.com/app/predictions/${id}/input.png`);
    for (const name of ["image.jpg", "image.png"]) {
      const image = await fetch(`${server.origin}/predictions/${id}/${name}`);
      expect(image.headers.get("content-type")).toBe("image/jpeg");
      expect(Buffer.from(await image.arrayBuffer()).equals(jpeg)).toBe(true);
    }
  });
});
