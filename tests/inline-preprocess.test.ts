import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { codes, gql } from "./helpers/graphql.ts";
import { blankCanvas, canvasOfDigit, dataUrl } from "./helpers/fixtures.ts";
import { startTestServer, type TestServer } from "./helpers/test-server.ts";

const PREDICT = "mutation($image: String!) { predictDigit(image: $image) { digit } }";

// PREPROCESS_THREADS=0 prepares images on the main thread, a module loaded only in that case.
describe("images prepared on the main thread (PREPROCESS_THREADS=0)", () => {
  let server: TestServer;
  beforeAll(async () => { server = await startTestServer({ PREPROCESS_THREADS: "0" }); });
  afterAll(async () => { await server?.stop(); });

  it("recognises a drawing and refuses a blank one with its code", async () => {
    const { png, label } = await canvasOfDigit(3);
    const ok = await gql<{ predictDigit: { digit: number } }>(server.url, PREDICT, { image: dataUrl(png) });
    expect(ok.data?.predictDigit.digit).toBe(label);
    expect(codes(await gql(server.url, PREDICT, { image: dataUrl(await blankCanvas()) }))).toEqual(["EMPTY_CANVAS"]);
  });
});
