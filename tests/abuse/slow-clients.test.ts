import { mkdtemp, rm } from "node:fs/promises";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApiProcess, type ApiProcess } from "../helpers/api-process.ts";
import { canvasOfDigit, dataUrl } from "../helpers/fixtures.ts";
import { percentile, responseOf, startBystander } from "./helpers/watch.ts";

/*
 * Slow-header clients ("slowloris") must not hold sockets: each is closed at the headers timeout
 * while a normal user keeps getting answers. A body that arrives slowly but steadily is a slow
 * link, not an attack: it is accepted until the request timeout.
 */

const HEADERS_TIMEOUT_MS = 1000;
const REQUEST_TIMEOUT_MS = 4000;
const SLOW_HEADER_CLIENTS = 20;
/** How long the slow-header clients keep coming back after each cut. */
const ATTACK_MS = 4000;
const PREDICT = "mutation($image: String!) { predictDigit(image: $image) { id } }";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Cut {
  /** Milliseconds from connecting until the server closed the socket, or Infinity if it never did. */
  closedAfterMs: number;
  /** What the server sent before closing. */
  received: string;
}

/**
 * Opens a raw socket, writes `head` at once, then one chunk of `drip` every `everyMs`; stops at
 * `giveUpMs` or when the server closes the socket.
 */
function dribble(port: number, localAddress: string, head: string, drip: (i: number) => string | undefined, everyMs: number, giveUpMs: number): Promise<Cut> {
  return new Promise((resolve) => {
    const started = performance.now();
    const socket = net.connect({ host: "127.0.0.1", port, localAddress });
    let received = "";
    let closed = false;
    socket.on("data", (chunk: Buffer) => { received += chunk.toString("latin1"); });
    socket.on("error", () => {}); // a write racing the server's close; the close is what counts
    socket.once("close", () => {
      closed = true;
      resolve({ closedAfterMs: performance.now() - started, received });
    });
    socket.once("connect", async () => {
      socket.write(head);
      for (let i = 0; !closed && performance.now() - started < giveUpMs; i++) {
        await sleep(everyMs);
        const chunk = drip(i);
        if (chunk !== undefined && !closed) socket.write(chunk);
      }
      if (!closed) {
        resolve({ closedAfterMs: Infinity, received });
        socket.destroy();
      }
    });
  });
}

describe("slow clients", () => {
  let api: ApiProcess;
  let dataDir: string;
  let image: string;
  let port: number;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), "digits-slow-clients-"));
    api = await startApiProcess({
      DATA_DIR: dataDir,
      HTTP_HEADERS_TIMEOUT_MS: String(HEADERS_TIMEOUT_MS),
      HTTP_REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS),
    });
    port = Number(new URL(api.url).port);
    image = dataUrl((await canvasOfDigit(3)).png);
    // The first prediction loads the decoder and model: not what the bystander should measure.
    await fetch(api.url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query: PREDICT, variables: { image } }) });
  });
  afterAll(async () => {
    await api?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it("closes sockets whose headers are still arriving at the headers timeout, while a bystander keeps predicting", async () => {
    const bystander = startBystander(api.url, image);
    const attackEnds = performance.now() + ATTACK_MS;
    const cuts: Cut[] = [];
    // Each sends a header line every 100 ms, forever (each line well within any idle timeout), and
    // connects again once cut.
    await Promise.all(Array.from({ length: SLOW_HEADER_CLIENTS }, async () => {
      while (performance.now() < attackEnds) {
        const cut = await dribble(port, "127.0.0.3", "POST /graphql HTTP/1.1\r\nHost: localhost\r\n", (i) => `X-Slow-${i}: ${"a".repeat(20)}\r\n`, 100, 15_000);
        cuts.push(cut);
        if (cut.closedAfterMs === Infinity) return;
      }
    }));
    const report = await bystander.stop();
    console.log(
      `slow headers: ${cuts.length} sockets closed after ${Math.round(Math.min(...cuts.map((c) => c.closedAfterMs)))}..${Math.round(Math.max(...cuts.map((c) => c.closedAfterMs)))} ms; ` +
      `bystander ${report.latencies.length} answers, p99 ${percentile(report.latencies, 99).toFixed(0)} ms`,
    );
    for (const cut of cuts) {
      expect(cut.closedAfterMs).toBeGreaterThanOrEqual(HEADERS_TIMEOUT_MS - 50);
      expect(cut.closedAfterMs).toBeLessThan(HEADERS_TIMEOUT_MS + 3000);
      // Node answers 408 when it can; a bare close is as good.
      expect(cut.received === "" || cut.received.startsWith("HTTP/1.1 408 ")).toBe(true);
    }
    expect(report.failures).toEqual([]);
    expect(report.latencies.length).toBeGreaterThan(0);
    expect(percentile(report.latencies, 99)).toBeLessThan(2000);
  });

  it("accepts a body that arrives slowly but steadily within the request timeout", async () => {
    const payload = Buffer.from(JSON.stringify({ query: PREDICT, variables: { image } }));
    const slices = 10;
    const started = performance.now();
    const req = http.request(api.url, {
      method: "POST",
      agent: false,
      headers: { "content-type": "application/json", "content-length": String(payload.length) },
    });
    const response = responseOf(req);
    req.flushHeaders();
    // Spread over about twice the headers timeout: only the request timeout bounds a body.
    const size = Math.ceil(payload.length / slices);
    for (let i = 0; i < slices; i++) {
      await sleep((2 * HEADERS_TIMEOUT_MS) / slices);
      req.write(payload.subarray(i * size, (i + 1) * size));
    }
    req.end();
    const reply = await response;
    const tookMs = performance.now() - started;
    expect(tookMs).toBeGreaterThan(2 * HEADERS_TIMEOUT_MS - 100);
    expect(reply.status).toBe(200);
    expect((JSON.parse(reply.body) as { data: { predictDigit: { id: string } } }).data.predictDigit.id).toMatch(/^\d+$/);
  });

  it("cuts a body still arriving at the request timeout", async () => {
    const length = 10_000;
    // One byte every 100 ms: the body would take far longer than the request timeout.
    const cut = await dribble(
      port,
      "127.0.0.4",
      `POST /graphql HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: ${length}\r\n\r\n`,
      () => " ",
      100,
      REQUEST_TIMEOUT_MS + 5000,
    );
    expect(cut.closedAfterMs).toBeGreaterThanOrEqual(REQUEST_TIMEOUT_MS - 50);
    expect(cut.closedAfterMs).toBeLessThan(REQUEST_TIMEOUT_MS + 3000);
    expect(cut.received === "" || cut.received.startsWith("HTTP/1.1 408 ")).toBe(true);
    // The server is still fine.
    expect(api.child.exitCode).toBeNull();
  });
});
