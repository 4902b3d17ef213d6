import { createClient } from "graphql-ws";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { blankCanvas, canvasOfDigit, dataUrl, pngBomb } from "./helpers/fixtures.ts";
import { codes, gql, type GraphQLResponse } from "./helpers/graphql.ts";
import { startTestServer, type TestServer } from "./helpers/test-server.ts";

const PREDICT = "mutation($image: String!) { predictDigit(image: $image) { id digit } }";

describe("bad input is refused with a stable code, stores nothing, and leaks nothing", () => {
  let server: TestServer;
  let validPng: Buffer;
  let validLabel: number;
  const total = async () => (await gql<{ stats: { total: number } }>(server.url, "{ stats { total } }")).data!.stats.total;

  beforeAll(async () => {
    server = await startTestServer();
    ({ png: validPng, label: validLabel } = await canvasOfDigit(3));
  });
  afterAll(() => server?.stop());

  const expectRefused = (res: GraphQLResponse<unknown>, code: string) => {
    expect(codes(res)).toEqual([code]);
    const text = JSON.stringify(res);
    expect(text).not.toMatch(/stacktrace|\bat .*\.(ts|js):\d+|node_modules/);
    expect(res.errors![0]!.message.length).toBeGreaterThan(5);
  };

  const corruptPng = () => {
    const copy = Buffer.from(validPng);
    for (let i = 60; i < copy.length - 20; i += 97) copy[i] = copy[i]! ^ 0xff;
    return copy;
  };

  const invalidImages: Array<[string, () => string]> = [
    ["random text", () => "hello, this is not an image"],
    ["base64 garbage", () => Buffer.from("definitely not a png").toString("base64")],
    ["an empty string", () => ""],
    ["an SVG data URL", () => `data:image/svg+xml;base64,${Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>').toString("base64")}`],
    ["an SVG as base64", () => Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><text>7</text></svg>').toString("base64")],
    ["a truncated PNG", () => dataUrl(validPng.subarray(0, Math.floor(validPng.length / 2)))],
    ["a PNG cut after its header", () => dataUrl(validPng.subarray(0, 40))],
    ["a corrupted PNG", () => dataUrl(corruptPng())],
    ["a GIF", () => `data:image/gif;base64,R0lGODlhAQABAAAAACw=`],
    ["a 1x1 PNG (too small to hold a digit)", () => "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="],
  ];

  for (const [name, image] of invalidImages) {
    it(`INVALID_IMAGE for ${name}`, async () => {
      const before = await total();
      expectRefused(await gql(server.url, PREDICT, { image: image() }), "INVALID_IMAGE");
      expect(await total()).toBe(before);
    });
  }

  it("EMPTY_CANVAS for blank canvases in every style", async () => {
    const before = await total();
    for (const color of [0xffffffff, 0x000000ff, 0x00000000]) {
      expectRefused(await gql(server.url, PREDICT, { image: dataUrl(await blankCanvas(color)) }), "EMPTY_CANVAS");
    }
    expect(await total()).toBe(before);
  });

  it("IMAGE_TOO_LARGE from the header, before decoding a decompression bomb", async () => {
    const before = await total();
    // Refused from the size the header declares (20000x20000 px would take 1.6 GB to decode): the
    // message names that size, where a decode cut short by its time budget says how long it took.
    for (const [width, height] of [[20_000, 20_000], [2049, 10]] as const) {
      const res = await gql(server.url, PREDICT, { image: dataUrl(pngBomb(width, height)) });
      expectRefused(res, "IMAGE_TOO_LARGE");
      expect(res.errors![0]!.message).toContain(`this one is ${width}x${height}`);
    }
    expect(await total()).toBe(before);
  });

  it("IMAGE_TOO_LARGE for more than 2 MB", async () => {
    const big = Buffer.alloc(2 * 1024 * 1024 + 10, 7);
    validPng.copy(big, 0, 0, 33);
    expectRefused(await gql(server.url, PREDICT, { image: dataUrl(big) }), "IMAGE_TOO_LARGE");
  });

  it("refuses a whole batch when one image is bad, naming it", async () => {
    const before = await total();
    const res = await gql(server.url, "mutation($images: [String!]!) { predictDigits(images: $images) { id } }", {
      images: [dataUrl(validPng), dataUrl(await blankCanvas()), dataUrl(validPng)],
    });
    expectRefused(res, "EMPTY_CANVAS");
    expect(res.errors![0]!.message).toContain("images[1]");
    expect(res.errors![0]!.extensions!.index).toBe(1);
    expect(await total()).toBe(before);
  });

  it("stores the good images of a mixed batch and says, image by image, why the others were refused", async () => {
    const before = await total();
    type Result = { __typename: "Prediction"; id: string; digit: number } | { __typename: "ImageRejected"; index: number; code: string; message: string };
    const res = await gql<{ predictDigitsEach: Result[] }>(
      server.url,
      `mutation($images: [String!]!) { predictDigitsEach(images: $images) {
        __typename ... on Prediction { id digit } ... on ImageRejected { index code message } } }`,
      { images: [dataUrl(validPng), dataUrl(await blankCanvas()), "data:image/png;base64,bm90IGEgcG5n", dataUrl(validPng)] },
    );
    expect(res.errors).toBeUndefined();
    const results = res.data!.predictDigitsEach;
    expect(results.map((r) => r.__typename)).toEqual(["Prediction", "ImageRejected", "ImageRejected", "Prediction"]);
    expect(results[1]).toMatchObject({ index: 1, code: "EMPTY_CANVAS" });
    expect(results[2]).toMatchObject({ index: 2, code: "INVALID_IMAGE" });
    expect(await total()).toBe(before + 2);
    for (const r of results) {
      if (r.__typename !== "Prediction") continue;
      const stored = await gql<{ prediction: { id: string } | null }>(server.url, `{ prediction(id: "${r.id}") { id } }`);
      expect(stored.data!.prediction).toEqual({ id: r.id });
    }
    // The codes are a documented enum in the schema.
    const enumType = await gql<{ __type: { enumValues: Array<{ name: string; description: string }> } }>(server.url, '{ __type(name: "ErrorCode") { enumValues { name description } } }');
    const codes = enumType.data!.__type.enumValues;
    expect(codes.map((c) => c.name)).toEqual(expect.arrayContaining(["INVALID_IMAGE", "EMPTY_CANVAS", "IMAGE_TOO_LARGE", "BAD_USER_INPUT", "RATE_LIMITED"]));
    expect(codes.every((c) => c.description.length > 10)).toBe(true);
    expectRefused(await gql(server.url, "mutation($images: [String!]!) { predictDigitsEach(images: $images) { __typename } }", { images: Array.from({ length: 65 }, () => "x") }), "BAD_USER_INPUT");
  });

  it("BAD_USER_INPUT for a batch over 64 images", async () => {
    const res = await gql(server.url, "mutation($images: [String!]!) { predictDigits(images: $images) { id } }", {
      images: Array.from({ length: 65 }, () => dataUrl(validPng)),
    });
    expectRefused(res, "BAD_USER_INPUT");
  });

  it("BAD_USER_INPUT for labels outside 0-9 and NOT_FOUND for unknown ids", async () => {
    const created = await gql<{ predictDigit: { id: string } }>(server.url, PREDICT, { image: dataUrl(validPng) });
    const id = created.data!.predictDigit.id;
    for (const label of [10, -1, 99]) {
      expectRefused(await gql(server.url, `mutation { submitFeedback(predictionId: "${id}", trueLabel: ${label}) { id } }`), "BAD_USER_INPUT");
    }
    expectRefused(await gql(server.url, `mutation { submitFeedback(predictionId: "${id}", trueLabel: 2.5) { id } }`), "GRAPHQL_VALIDATION_FAILED");
    const stored = await gql<{ prediction: { trueLabel: number | null } }>(server.url, `{ prediction(id: "${id}") { trueLabel } }`);
    expect(stored.data!.prediction.trueLabel).toBeNull();
    for (const unknown of ["999999", "abc", "-1", "99999999999999999999"]) {
      expectRefused(await gql(server.url, `mutation { submitFeedback(predictionId: "${unknown}", trueLabel: 3) { id } }`), "NOT_FOUND");
    }
    const missing = await gql(server.url, '{ prediction(id: "123456") { id } }');
    expect(missing.data).toEqual({ prediction: null });
  });

  it("BAD_USER_INPUT for digits outside 0-9 in history filters and in subscription arguments", async () => {
    for (const filter of ["{digit: -5}", "{trueLabel: 99}", "{digit: 3, trueLabel: 10}"]) {
      expectRefused(await gql(server.url, `{ history(filter: ${filter}) { nodes { id } } }`), "BAD_USER_INPUT");
    }
    expect((await gql(server.url, "{ history(filter: {digit: 3, trueLabel: 9}) { nodes { id } } }")).errors).toBeUndefined();
    const client = createClient({ url: server.url.replace(/^http/, "ws"), webSocketImpl: WebSocket, retryAttempts: 0 });
    try {
      for (const field of ["predictionAdded", "predictionUpdated"]) {
        // A subscription refused when it starts ends with one result holding the errors (graphql-ws "next").
        const refusal = await new Promise<unknown[]>((resolve, reject) => {
          client.subscribe({ query: `subscription { ${field}(digit: 42) { id } }` }, {
            next: (result) => (result.errors ? resolve(result.errors.map((e) => e.extensions?.code)) : reject(new Error("an event for digit 42"))),
            error: (errors) => resolve(Array.isArray(errors) ? errors.map((e: { extensions?: { code?: string } }) => e.extensions?.code) : [String(errors)]),
            complete: () => reject(new Error("completed without a refusal")),
          });
        });
        expect(refusal, field).toEqual(["BAD_USER_INPUT"]);
      }
    } finally {
      await client.dispose();
    }
  });

  it("answers malformed requests in GraphQL's shape and keeps serving", async () => {
    const broken = await fetch(server.url, { method: "POST", headers: { "content-type": "application/json" }, body: "{not json" });
    expect(broken.status).toBe(400);
    const syntax = await gql(server.url, "{ stats { total ");
    expect(codes(syntax)).toEqual(["GRAPHQL_PARSE_FAILED"]);
    const wrongType = await gql(server.url, PREDICT, { image: 42 });
    expect(codes(wrongType)).toEqual(["BAD_USER_INPUT"]);
    const huge = await fetch(server.url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query: PREDICT, variables: { image: "A".repeat(9 * 1024 * 1024) } }) });
    expect(huge.status).toBe(413);
    expect(((await huge.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code).toBe("REQUEST_TOO_LARGE");

    const ok = await gql<{ predictDigit: { digit: number } }>(server.url, PREDICT, { image: dataUrl(validPng) });
    expect(ok.data!.predictDigit.digit).toBe(validLabel);
    expect(server.errors).toEqual([]);
  });
});
