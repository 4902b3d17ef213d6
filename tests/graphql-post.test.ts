import net from "node:net";
import { gzipSync } from "node:zlib";
import { createClient } from "graphql-ws";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { clientIpResolver } from "../api/src/http/client-ip.ts";
import { canvasOfDigit, dataUrl } from "./helpers/fixtures.ts";
import { startTestServer, type TestServer } from "./helpers/test-server.ts";

const PREDICT = "mutation($image: String!) { predictDigit(image: $image) { id } }";
const QUERY = "{ modelInfo { name version } stats { total } }";

interface Answer {
  status: number;
  requestId: string | null;
  body: { data?: unknown; errors?: { extensions?: { code?: string } }[] };
}

const answer = async (response: Response): Promise<Answer> => ({
  status: response.status,
  requestId: response.headers.get("x-request-id"),
  body: (await response.json()) as Answer["body"],
});

const post = (url: string, body: BodyInit, headers: Record<string, string> = { "content-type": "application/json" }) =>
  fetch(url, { method: "POST", headers, body, duplex: "half" } as RequestInit).then(answer);

const code = (a: Answer) => a.body.errors?.[0]?.extensions?.code;

describe("GraphQL over HTTP: the direct JSON POST path and Express", () => {
  let server: TestServer;
  beforeAll(async () => { server = await startTestServer(); });
  afterAll(() => server?.stop());

  it("answers alike whichever path serves the request", async () => {
    const direct = await post(server.url, JSON.stringify({ query: QUERY }));
    const utf8 = await post(server.url, JSON.stringify({ query: QUERY }), { "content-type": "application/json; charset=UTF-8" });
    // Compressed bodies and GET requests are Express's (body-parser inflates, Apollo reads the URL).
    const gzipped = await post(server.url, gzipSync(JSON.stringify({ query: QUERY })), { "content-type": "application/json", "content-encoding": "gzip" });
    const get = await fetch(`${server.url}?query=${encodeURIComponent(QUERY)}`, { headers: { "apollo-require-preflight": "1" } }).then(answer);
    for (const a of [direct, utf8, gzipped, get]) {
      expect(a.status).toBe(200);
      expect(a.body).toEqual(direct.body);
      expect(a.requestId).toMatch(/^[0-9a-f-]{36}$/);
    }
    const traced = await fetch(server.url, { method: "POST", headers: { "content-type": "application/json", "x-request-id": "trace-7" }, body: JSON.stringify({ query: QUERY }) });
    expect(traced.headers.get("x-request-id")).toBe("trace-7");
  });

  it("refuses bodies that are not one JSON object or array, with codes", async () => {
    for (const body of ['"text"', "42", "null", "{broken"]) {
      const a = await post(server.url, body);
      expect([a.status, code(a)]).toEqual([400, "BAD_REQUEST"]);
    }
    const empty = await post(server.url, "");
    expect([empty.status, code(empty)]).toEqual([400, "BAD_REQUEST"]);
    // A charset other than UTF-8 goes to Express's parser, which refuses it.
    const latin1 = await post(server.url, JSON.stringify({ query: QUERY }), { "content-type": "application/json; charset=latin1" });
    expect([latin1.status, code(latin1)]).toEqual([415, "BAD_REQUEST"]);
  });

  it("refuses a streamed body (no Content-Length) past the 8 MB limit", async () => {
    const chunk = new Uint8Array(1024 * 1024).fill(65);
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ < 12) controller.enqueue(chunk);
        else controller.close();
      },
    });
    const a = await post(server.url, stream);
    expect([a.status, code(a)]).toEqual([413, "REQUEST_TOO_LARGE"]);
    expect((await post(server.url, JSON.stringify({ query: QUERY }))).status).toBe(200);
  });

  it("survives clients that hang up halfway through a body", async () => {
    const { port } = new URL(server.url);
    for (let i = 0; i < 5; i++) {
      await new Promise<void>((resolve, reject) => {
        const socket = net.connect(Number(port), "127.0.0.1", () => {
          // Hung up once the headers and a piece of the body are on their way: TCP delivers them
          // to the server before the close.
          socket.write(`POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 5000\r\n\r\n{"query":`, () => {
            socket.destroy();
            resolve();
          });
        });
        socket.on("error", reject);
      });
    }
    const after = await post(server.url, JSON.stringify({ query: QUERY }));
    expect(after.status).toBe(200);
    expect(server.errors).toEqual([]);
  });
});

describe("the client's address behind a proxy (rate limits)", () => {
  let image: string;
  beforeAll(async () => { image = dataUrl((await canvasOfDigit(4)).png); });

  const predictFrom = (url: string, forwardedFor: string) =>
    post(url, JSON.stringify({ query: PREDICT, variables: { image } }), { "content-type": "application/json", "x-forwarded-for": forwardedFor });

  it("believes X-Forwarded-For only from trusted hops, on HTTP and WebSocket alike", async () => {
    const trusting = await startTestServer({ RATE_LIMIT_PER_MINUTE: "2", TRUST_PROXY: "1" });
    const wary = await startTestServer({ RATE_LIMIT_PER_MINUTE: "2" });
    try {
      // Trusted: two people behind the same proxy each get their own budget.
      const trusted = [];
      for (const who of ["203.0.113.1", "203.0.113.1", "203.0.113.2", "203.0.113.2", "203.0.113.1"]) trusted.push((await predictFrom(trusting.url, who)).status);
      expect(trusted).toEqual([200, 200, 200, 200, 429]);
      // Not trusted: the header is ignored, so everyone here shares the socket's budget.
      const ignored = [];
      for (const who of ["203.0.113.1", "203.0.113.2", "203.0.113.3"]) ignored.push((await predictFrom(wary.url, who)).status);
      expect(ignored).toEqual([200, 200, 429]);

      // A mutation over graphql-ws is charged to the same forwarded address.
      const client = createClient({
        url: trusting.url.replace(/^http/, "ws"),
        webSocketImpl: class extends WebSocket {
          constructor(address: string, protocols?: string | string[]) {
            super(address, protocols, { headers: { "x-forwarded-for": "203.0.113.2" } });
          }
        },
        retryAttempts: 0,
      });
      const overWs = await new Promise<{ errors?: readonly { extensions?: Record<string, unknown> }[] }>((resolve, reject) => {
        client.subscribe({ query: PREDICT, variables: { image } }, { next: resolve, error: reject, complete: () => {} });
      });
      await client.dispose();
      expect(overWs.errors?.[0]?.extensions?.code).toBe("RATE_LIMITED");
    } finally {
      await trusting.stop();
      await wary.stop();
    }
  });

  it("reads hops, addresses and true like Express's trust proxy", () => {
    const request = (remoteAddress: string, forwardedFor?: string) =>
      ({ socket: { remoteAddress }, headers: forwardedFor ? { "x-forwarded-for": forwardedFor } : {}, connection: { remoteAddress } }) as never;
    expect(clientIpResolver(false)(request("10.0.0.9", "1.2.3.4"))).toBe("10.0.0.9");
    expect(clientIpResolver(1)(request("10.0.0.9", "1.2.3.4, 5.6.7.8"))).toBe("5.6.7.8");
    expect(clientIpResolver(2)(request("10.0.0.9", "1.2.3.4, 5.6.7.8"))).toBe("1.2.3.4");
    expect(clientIpResolver(Infinity)(request("10.0.0.9", "1.2.3.4, 5.6.7.8"))).toBe("1.2.3.4");
    expect(clientIpResolver("loopback, 10.0.0.0/8")(request("10.0.0.9", "1.2.3.4, 127.0.0.1"))).toBe("1.2.3.4");
    expect(clientIpResolver("loopback")(request("10.0.0.9", "1.2.3.4"))).toBe("10.0.0.9");
  });
});
