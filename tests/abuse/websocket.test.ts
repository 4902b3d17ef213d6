import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parse } from "graphql";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { originAllowed } from "../../api/src/http/origin.ts";
import { operationLabel } from "../../api/src/graphql/metrics.plugin.ts";
import { startApiProcess, type ApiProcess } from "../helpers/api-process.ts";
import { canvasOfDigit, dataUrl } from "../helpers/fixtures.ts";
import { codes, gql } from "../helpers/graphql.ts";
import { createThrowawayDatabase, postgresAvailable } from "../helpers/postgres.ts";
import { subscribe, type EventStream } from "../helpers/subscriptions.ts";
import { startTcpProxy, type TcpProxy } from "../helpers/tcp-proxy.ts";
import { MB, percentile, postFrom, rssAfterSettling, rssOf, startBystander, watchRss } from "./helpers/watch.ts";

/*
 * Attacks over the WebSocket transport and on /metrics, each cheap for one client. Each must be
 * refused or bounded: a normal user predicting from another address keeps getting answers within
 * 2 s, the server stays under 1 GB and returns near its baseline afterwards. Rate limiting is off
 * where resources are measured, the worst case: the bounds must hold by construction.
 */

const PREDICT = "mutation($image: String!) { predictDigit(image: $image) { id } }";
const SUBSCRIBE = "subscription { predictionAdded { id digit } }";
/** An event of about 2 KB: the most a subscriber can make each prediction cost the server to send. */
const FAT_SUBSCRIBE = `subscription { predictionAdded { id digit confidence createdAt imageUrl modelVersion ${Array.from({ length: 10 }, (_, i) => `p${i}: probabilities`).join(" ")} } }`;
const withPostgres = await postgresAvailable();

interface Message {
  id?: string;
  type: string;
  payload?: unknown;
}

interface GraphQLErrorJson {
  message: string;
  extensions?: { code?: string; [key: string]: unknown };
}

interface Client {
  ws: WebSocket;
  messages: Message[];
  /** The close code, once closed (1006: cut without a close frame). */
  closed: Promise<number>;
  send(message: Message): void;
  subscribe(id: string, query: string, variables?: Record<string, unknown>): void;
  /** Waits until `predicate` holds over the messages received so far. */
  until(predicate: (messages: Message[]) => boolean, ms?: number): Promise<void>;
}

interface ConnectOptions {
  localAddress?: string;
  origin?: string;
}

const wsUrl = (url: string) => url.replace(/^http/, "ws");

/** A graphql-transport-ws client on plain `ws`, so that a test controls every frame and can stop reading. */
async function connect(url: string, options: ConnectOptions = {}): Promise<Client> {
  const ws = new WebSocket(wsUrl(url), "graphql-transport-ws", { localAddress: options.localAddress, origin: options.origin });
  const messages: Message[] = [];
  ws.on("message", (data) => messages.push(JSON.parse(String(data)) as Message));
  const closed = new Promise<number>((resolve) => ws.once("close", (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    ws.once("open", () => resolve());
    ws.on("error", reject); // after opening: reported through `closed`
    ws.once("unexpected-response", (req, res) => {
      reject(new Error(`upgrade refused with ${res.statusCode}`));
      req.destroy();
    });
  });
  const client: Client = {
    ws,
    messages,
    closed,
    send: (message) => ws.send(JSON.stringify(message)),
    subscribe: (id, query, variables) => client.send({ id, type: "subscribe", payload: { query, variables } }),
    // Polls: thousands of messages may arrive, and a check per message would be quadratic.
    async until(predicate, ms = 20_000) {
      const deadline = Date.now() + ms;
      while (!predicate(messages)) {
        if (Date.now() > deadline || ws.readyState === ws.CLOSED) throw new Error(`condition not met within ${ms} ms (${messages.length} messages, state ${ws.readyState})`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
  };
  client.send({ type: "connection_init" });
  await client.until((m) => m.some((x) => x.type === "connection_ack"));
  return client;
}

/** The HTTP status an upgrade gets: 101 when the socket opens (it is closed again at once). */
function upgradeStatus(url: string, options: ConnectOptions = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(wsUrl(url), "graphql-transport-ws", { localAddress: options.localAddress, origin: options.origin });
    ws.once("open", () => { ws.close(); resolve(101); });
    ws.once("unexpected-response", (req, res) => { resolve(res.statusCode ?? 0); req.destroy(); });
    ws.on("error", reject);
  });
}

/** Error payloads received for `id`. */
const errorsOf = (messages: Message[], id: string) =>
  messages.filter((m) => m.id === id && m.type === "error").flatMap((m) => m.payload as GraphQLErrorJson[]);
/** The result of a query or mutation sent as `id`. */
const resultOf = (messages: Message[], id: string) =>
  messages.find((m) => m.id === id && m.type === "next")?.payload as { data?: unknown; errors?: GraphQLErrorJson[] } | undefined;
const answered = (id: string) => (messages: Message[]) => messages.some((m) => m.id === id && (m.type === "error" || m.type === "complete"));

/** Runs `attack` while a normal user predicts from 127.0.0.2; checks that user's latency and the server's memory. */
async function underAttack(api: ApiProcess, image: string, name: string, attack: () => Promise<void>): Promise<void> {
  const pid = api.child.pid!;
  const baseline = rssOf(pid);
  const rss = watchRss(pid);
  const bystander = startBystander(api.url, image);
  const outcome = await attack().then(() => undefined, (error: unknown) => error);
  const report = await bystander.stop();
  const peak = rss.stop();
  if (outcome !== undefined) throw outcome;
  const settled = await rssAfterSettling(pid, baseline, 100 * MB);
  console.log(
    `${name}: bystander ${report.latencies.length} answers, p99 ${percentile(report.latencies, 99).toFixed(0)} ms; ` +
      `RSS ${(baseline / MB).toFixed(0)} MB -> peak ${(peak / MB).toFixed(0)} MB -> ${(settled / MB).toFixed(0)} MB`,
  );
  expect(report.failures).toEqual([]);
  expect(report.latencies.length).toBeGreaterThan(0);
  expect(percentile(report.latencies, 99)).toBeLessThan(2000);
  expect(peak).toBeLessThan(1024 * MB);
  expect(settled).toBeLessThan(baseline + 100 * MB);
}

/**
 * Makes predictions from 127.0.0.1, each an event for every subscriber, until `done` says stop:
 * one at a time, each once `watcher` (a subscriber that reads) has it, as fast as the server delivers.
 */
async function publishUntil(url: string, image: string, watcher: EventStream<string>, done: () => boolean, ms = 60_000): Promise<number> {
  const deadline = Date.now() + ms;
  let made = 0;
  while (!done() && Date.now() < deadline) {
    const { status, body } = await postFrom(url, { query: PREDICT, variables: { image } }, "127.0.0.1");
    expect(status).toBe(200);
    const reply = JSON.parse(body) as { data: { predictDigit: { id: string } } | null; errors?: unknown[] };
    expect(reply.errors).toBeUndefined();
    const id = reply.data!.predictDigit.id;
    await watcher.next((event) => event === id);
    made++;
  }
  return made;
}

/** Brings a fresh server to a working one's memory (threads, model, pools, JIT) before baselines are taken. */
async function warmUp(api: ApiProcess, image: string): Promise<void> {
  const bystander = startBystander(api.url, image);
  const watcher = await subscribe(api.url, SUBSCRIBE, (data) => (data.predictionAdded as { id: string }).id);
  let made = 0;
  await publishUntil(api.url, image, watcher, () => made++ >= 40);
  await watcher.close();
  expect((await bystander.stop()).failures).toEqual([]);
}

const warnings = (api: ApiProcess, msg: string) => api.output().split("\n").filter((line) => line.includes(`"msg":"${msg}"`));

/** The server's log lines with `msg`, once there are at least `count` (they arrive through a pipe, a little after the fact). */
async function logLines(api: ApiProcess, msg: string, count: number, ms = 5000): Promise<string[]> {
  const deadline = Date.now() + ms;
  while (warnings(api, msg).length < count && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
  return warnings(api, msg);
}

describe("the pieces: origin rule and metric labels", () => {
  it("allows no Origin, the same origin and listed origins; refuses the rest", () => {
    expect(originAllowed(undefined, "api.example:4000", [])).toBe(true);
    expect(originAllowed("http://api.example:4000", "api.example:4000", [])).toBe(true);
    expect(originAllowed("https://api.example", "api.example", [])).toBe(true);
    expect(originAllowed("https://api.example", "api.example:443", [])).toBe(true);
    expect(originAllowed("http://api.example:4001", "api.example:4000", [])).toBe(false);
    expect(originAllowed("https://evil.example", "api.example", [])).toBe(false);
    expect(originAllowed("null", "api.example", [])).toBe(false);
    expect(originAllowed("https://evil.example", undefined, [])).toBe(false);
    expect(originAllowed("https://app.example", "api.example", ["https://app.example/"])).toBe(true);
    expect(originAllowed("https://App.Example", "api.example", ["https://app.example"])).toBe(true);
    expect(originAllowed("https://app.example.evil", "api.example", ["https://app.example"])).toBe(false);
    expect(originAllowed("https://evil.example", "api.example", ["*"])).toBe(true);
  });

  it("labels operations by root field, whatever the operation is named", () => {
    const label = (query: string, name?: string) => {
      const document = parse(query);
      const operation = document.definitions.find((d) => d.kind === "OperationDefinition" && (!name || d.name?.value === name));
      return operationLabel(operation?.kind === "OperationDefinition" ? operation : undefined, document);
    };
    expect(label("query Anything { stats { total } }")).toBe("stats");
    expect(label("query Mine { a: stats { total } b: stats { labeled } }")).toBe("stats");
    expect(label("{ stats { total } modelInfo { name } }")).toBe("multiple");
    expect(label("query Q { ...F } fragment F on Query { ... on Query { history { nodes { id } } } }")).toBe("history");
    expect(label("mutation Draw($i: String!) { predictDigit(image: $i) { id } }", "Draw")).toBe("predictDigit");
    expect(operationLabel(undefined, undefined)).toBe("invalid");
  });
});

describe.runIf(withPostgres)("abuse: WebSockets and metrics cannot stall other users or exhaust memory", () => {
  let api: ApiProcess;
  let drop = async () => {};
  let image: string;

  beforeAll(async () => {
    const db = await createThrowawayDatabase("digits_abuse_ws");
    drop = db.drop;
    api = await startApiProcess({ DATABASE_URL: db.url, RATE_LIMIT_PER_MINUTE: "0" });
    image = dataUrl((await canvasOfDigit(0)).png);
    await warmUp(api, image);
  });
  afterAll(async () => {
    await api?.stop();
    await drop();
  });

  it("one socket asking for 20,000 subscriptions gets 32; the rest are refused and the socket stays usable", async () => {
    await underAttack(api, image, "20,000 subscriptions on one socket", async () => {
      const attacker = await connect(api.url, { localAddress: "127.0.0.3" });
      const health: number[] = [];
      let flooding = true;
      const prober = (async () => {
        while (flooding) {
          const started = performance.now();
          expect((await fetch(`${api.origin}/healthz`)).status).toBe(200);
          health.push(performance.now() - started);
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      })();
      for (let i = 0; i < 20_000; i++) attacker.subscribe(`s${i}`, SUBSCRIBE);
      const refused = (m: Message) => m.type === "error";
      await attacker.until((m) => m.filter(refused).length >= 20_000 - 32);
      flooding = false;
      await prober;
      const errors = attacker.messages.filter(refused).flatMap((m) => m.payload as GraphQLErrorJson[]);
      expect(errors).toHaveLength(20_000 - 32);
      expect(new Set(errors.map((e) => e.extensions?.code))).toEqual(new Set(["RATE_LIMITED"]));
      expect(errors[0]!.message).toMatch(/At most 32 /);
      // The first 32 are live: one prediction is one event on each.
      const made = (await gql<{ predictDigit: { id: string } }>(api.url, PREDICT, { image })).data!.predictDigit.id;
      const eventsFor = (id: string) => attacker.messages.filter((m) => m.type === "next" && (m.payload as { data: { predictionAdded: { id: string } } }).data.predictionAdded.id === id);
      await attacker.until(() => eventsFor(made).length === 32);
      expect(new Set(eventsFor(made).map((m) => m.id))).toEqual(new Set(Array.from({ length: 32 }, (_, i) => `s${i}`)));
      // Completing one makes room for another.
      attacker.send({ id: "s0", type: "complete" });
      attacker.subscribe("again", SUBSCRIBE);
      await new Promise((resolve) => setTimeout(resolve, 300));
      const next = (await gql<{ predictDigit: { id: string } }>(api.url, PREDICT, { image })).data!.predictDigit.id;
      await attacker.until(() => eventsFor(next).length === 32);
      expect(eventsFor(next).map((m) => m.id)).toContain("again");
      expect(eventsFor(next).map((m) => m.id)).not.toContain("s0");
      expect(errorsOf(attacker.messages, "again")).toEqual([]);
      console.log(`/healthz during the flood: max ${Math.max(...health).toFixed(0)} ms over ${health.length} probes`);
      // The same bound as every bystander in the abuse suite: the unbounded case took tens of seconds.
      expect(Math.max(...health)).toBeLessThan(2000);
      attacker.ws.close();
      await attacker.closed;
    });
  });

  it("one address opens at most 16 sockets (429 after), others are not affected, and the count is freed on close", async () => {
    await underAttack(api, image, "200 sockets from one address", async () => {
      const attempts = await Promise.allSettled(Array.from({ length: 200 }, () => connect(api.url, { localAddress: "127.0.0.4" })));
      const opened = attempts.flatMap((a) => (a.status === "fulfilled" ? [a.value] : []));
      const refusals = attempts.flatMap((a) => (a.status === "rejected" ? [String(a.reason)] : []));
      expect(opened).toHaveLength(16);
      expect(new Set(refusals)).toEqual(new Set(["Error: upgrade refused with 429"]));
      expect((await logLines(api, "WebSocket refused: too many open sockets from this address", 184)).length).toBeGreaterThanOrEqual(184);
      // Each open one holds its 32 subscriptions (512 in all) and they all stay live.
      for (const [n, socket] of opened.entries()) for (let i = 0; i < 32; i++) socket.subscribe(`${n}-${i}`, SUBSCRIBE);
      await new Promise((resolve) => setTimeout(resolve, 500));
      const made = (await gql<{ predictDigit: { id: string } }>(api.url, PREDICT, { image })).data!.predictDigit.id;
      for (const socket of opened) await socket.until((m) => m.filter((x) => x.type === "next" && JSON.stringify(x.payload).includes(`"id":"${made}"`)).length === 32);
      // Another address is a different client.
      expect(await upgradeStatus(api.url, { localAddress: "127.0.0.5" })).toBe(101);
      for (const socket of opened) socket.ws.close();
      await Promise.all(opened.map((socket) => socket.closed));
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(await upgradeStatus(api.url, { localAddress: "127.0.0.4" })).toBe(101);
    });
  });

  it("2,500 distinct operationNames leave /metrics small", async () => {
    await underAttack(api, image, "2,500 operationNames", async () => {
      const queries = [
        ...Array.from({ length: 2000 }, (_, i) => `query Op${i} { modelInfo { name } }`),
        ...Array.from({ length: 500 }, (_, i) => `query Bad${i} { nope${i} }`),
      ];
      for (let i = 0; i < queries.length; i += 25) {
        await Promise.all(queries.slice(i, i + 25).map((query) => postFrom(api.url, { query }, "127.0.0.6")));
      }
      // And over WebSocket, which is counted the same way.
      const socket = await connect(api.url, { localAddress: "127.0.0.6" });
      for (let i = 0; i < 200; i += 25) {
        for (let j = i; j < i + 25; j++) socket.send({ id: `q${j}`, type: "subscribe", payload: { query: `query Ws${j} { modelInfo { name } }`, operationName: `Ws${j}` } });
        await socket.until((m) => m.filter((x) => x.type === "complete").length === i + 25);
      }
      socket.ws.close();
      const started = performance.now();
      const text = await (await fetch(`${api.origin}/metrics`)).text();
      const ms = performance.now() - started;
      const series = text.split("\n").filter((line) => line.startsWith("graphql_"));
      console.log(`/metrics after 2,700 operationNames: ${text.length} bytes, ${series.length} graphql series, ${ms.toFixed(0)} ms`);
      expect(text).not.toMatch(/Op1\b|Bad1\b|nope1\b|Ws1\b/);
      expect(text).toMatch(/graphql_operations_total\{operation="modelInfo",type="query"\} (\d+)/);
      expect(Number(/graphql_operations_total\{operation="modelInfo",type="query"\} (\d+)/.exec(text)![1])).toBeGreaterThanOrEqual(2200);
      expect(Number(/graphql_operations_total\{operation="invalid",type="unknown"\} (\d+)/.exec(text)![1])).toBeGreaterThanOrEqual(500);
      expect(series.length).toBeLessThan(120);
      expect(text.length).toBeLessThan(64 * 1024);
    });
  });
});

describe.runIf(withPostgres)("abuse: a WebSocket that does not read is closed and its buffers freed", () => {
  let api: ApiProcess;
  let drop = async () => {};
  let image: string;

  beforeAll(async () => {
    const db = await createThrowawayDatabase("digits_abuse_ws_slow");
    drop = db.drop;
    api = await startApiProcess({ DATABASE_URL: db.url, RATE_LIMIT_PER_MINUTE: "0", WS_MAX_BUFFERED_BYTES: String(64 * 1024) });
    image = dataUrl((await canvasOfDigit(0)).png);
    await warmUp(api, image);
  });
  afterAll(async () => {
    await api?.stop();
    await drop();
  });

  it("2,000 subscriptions on a socket that never reads: it gets 32, is closed with 1013 past the buffer limit, then cut", async () => {
    await underAttack(api, image, "2,000 subscriptions on a socket that does not read", async () => {
      // The attacker asks for 2,000 and stops reading. A second socket stops reading too, but reads
      // again as soon as the server gives up on it; a normal subscriber keeps reading throughout.
      const attacker = await connect(api.url, { localAddress: "127.0.1.1" });
      const reader = await connect(api.url, { localAddress: "127.0.1.2" });
      const watcher = await subscribe(api.url, SUBSCRIBE, (data) => (data.predictionAdded as { id: string }).id);
      for (const [socket, count] of [[attacker, 2000], [reader, 32]] as const) {
        socket.ws.pause(); // reads nothing more: the server's data piles up in the kernel, then in its own buffer
        for (let i = 0; i < count; i++) socket.subscribe(`s${i}`, FAT_SUBSCRIBE);
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
      const slow = () => warnings(api, "WebSocket closed: slow consumer");
      const closedFor = (address: string) => slow().some((line) => line.includes(`"clientIp":"${address}"`));
      const resumeReader = setInterval(() => { if (closedFor("127.0.1.2")) { clearInterval(resumeReader); reader.ws.resume(); } }, 10);
      const made = await publishUntil(api.url, image, watcher, () => closedFor("127.0.1.1") && closedFor("127.0.1.2"));
      clearInterval(resumeReader);
      console.log(`${made} predictions (each ~50 KB to each paused socket) before both were closed`);
      expect(slow()).toHaveLength(2);
      // Having read its backlog, the reader got the close frame.
      reader.ws.resume();
      expect(await reader.closed).toBe(1013);
      // The attacker was cut once the handshake could not finish: no close frame after its data.
      await new Promise((resolve) => setTimeout(resolve, 3000));
      attacker.ws.resume();
      expect(await attacker.closed).toBe(1006);
      expect(errorsOf(attacker.messages, "s1999").map((e) => e.extensions?.code)).toEqual(["RATE_LIMITED"]);
      // The normal subscriber saw every prediction.
      expect(watcher.closedWith()).toBeUndefined();
      await watcher.close();
    });
  });
});

describe("WebSocket parity with HTTP: validation, errors, rate limit, Origin", () => {
  let api: ApiProcess;
  let dataDir: string;
  const allowed = "https://app.example";

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), "digits-ws-policy-"));
    api = await startApiProcess({ DATA_DIR: dataDir, INTROSPECTION: "false", ALLOWED_ORIGINS: allowed, RATE_LIMIT_PER_MINUTE: "5" });
  });
  afterAll(async () => {
    await api?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  /** One operation over a fresh socket from `localAddress`: its errors (or result). */
  async function overWs(query: string, localAddress: string, variables?: Record<string, unknown>) {
    const socket = await connect(api.url, { localAddress });
    socket.subscribe("1", query, variables);
    await socket.until(answered("1"));
    socket.ws.close();
    return { errors: errorsOf(socket.messages, "1"), result: resultOf(socket.messages, "1") };
  }

  it("refuses introspection and hides suggestions when introspection is off, as HTTP does", async () => {
    for (const query of ["{ __schema { types { name } } }", "{ __type(name: \"Query\") { name } }"]) {
      const ws = await overWs(query, "127.0.0.7");
      expect(codes(await gql(api.url, query))).toEqual(["GRAPHQL_VALIDATION_FAILED"]);
      expect(ws.errors.length).toBeGreaterThan(0);
      for (const error of ws.errors) {
        expect(error.extensions?.code).toBe("GRAPHQL_VALIDATION_FAILED");
        expect(error.message).toMatch(/introspection has been disabled/);
      }
    }
    // The same message, suggestion masked the same way, on both transports.
    for (const query of ["{ stat { total } }", "subscription { predictionAdde { id } }", "{ stats { totl } }"]) {
      const ws = await overWs(query, "127.0.0.7");
      const http = await gql(api.url, query);
      expect(ws.errors.map((e) => e.extensions?.code)).toEqual(["GRAPHQL_VALIDATION_FAILED"]);
      expect(ws.errors.map((e) => e.message)).toEqual(http.errors!.map((e) => e.message));
      expect(ws.errors[0]!.message).toContain("[Suggestion hidden]");
      expect(ws.errors[0]!.message).not.toMatch(/Did you mean/);
    }
  });

  it("keeps error codes as on HTTP", async () => {
    const invalidImage = await overWs("mutation { predictDigit(image: \"nope\") { id } }", "127.0.0.8");
    expect(invalidImage.result?.errors?.map((e) => e.extensions?.code)).toEqual(["INVALID_IMAGE"]);
    const missingVariable = await overWs("query($id: ID!) { prediction(id: $id) { id } }", "127.0.0.8");
    expect(missingVariable.result?.errors?.map((e) => e.extensions?.code)).toEqual(["BAD_USER_INPUT"]);
    const syntax = await overWs("{ stats { ", "127.0.0.8");
    expect(syntax.errors.map((e) => e.extensions?.code)).toEqual(["GRAPHQL_PARSE_FAILED"]);
  });

  it("charges a subscribe one point of the client's budget: RATE_LIMITED past it", async () => {
    const socket = await connect(api.url, { localAddress: "127.0.0.9" });
    for (let i = 0; i < 6; i++) socket.subscribe(`s${i}`, SUBSCRIBE);
    await socket.until(answered("s5"));
    const refused = errorsOf(socket.messages, "s5");
    expect(refused.map((e) => e.extensions?.code)).toEqual(["RATE_LIMITED"]);
    expect(refused[0]!.extensions?.retryAfter).toBeGreaterThan(0);
    expect(refused[0]!.extensions).not.toHaveProperty("http");
    for (let i = 0; i < 5; i++) expect(errorsOf(socket.messages, `s${i}`)).toEqual([]);
    socket.ws.close();
  });

  it("opens sockets with no Origin, the same origin or an allowed one; refuses others with 403 before the socket opens", async () => {
    expect(await upgradeStatus(api.url, { localAddress: "127.0.0.10" })).toBe(101);
    expect(await upgradeStatus(api.url, { localAddress: "127.0.0.10", origin: api.origin })).toBe(101);
    expect(await upgradeStatus(api.url, { localAddress: "127.0.0.10", origin: allowed })).toBe(101);
    const before = warnings(api, "WebSocket refused: origin not allowed").length;
    expect(await upgradeStatus(api.url, { localAddress: "127.0.0.10", origin: "https://evil.example" })).toBe(403);
    expect(await upgradeStatus(api.url, { localAddress: "127.0.0.10", origin: "http://127.0.0.1:1" })).toBe(403);
    const logged = (await logLines(api, "WebSocket refused: origin not allowed", before + 2)).slice(before);
    expect(logged).toHaveLength(2);
    expect(logged[0]).toContain('"origin":"https://evil.example"');
    // What a cross-site page would have done with the socket never ran.
    const total = (await gql<{ stats: { total: number } }>(api.url, "{ stats { total } }")).data!.stats.total;
    await expect(connect(api.url, { localAddress: "127.0.0.10", origin: "https://evil.example" })).rejects.toThrow(/403/);
    expect((await gql<{ stats: { total: number } }>(api.url, "{ stats { total } }")).data!.stats.total).toBe(total);
  });
});

describe.runIf(withPostgres)("WebSocket errors go through the HTTP error formatter", () => {
  let api: ApiProcess;
  let proxy: TcpProxy;
  let admin: pg.Client;
  let drop = async () => {};

  beforeAll(async () => {
    const db = await createThrowawayDatabase("digits_ws_errors");
    drop = db.drop;
    proxy = await startTcpProxy(5432);
    const url = new URL(db.url);
    url.port = String(proxy.port);
    api = await startApiProcess({ DATABASE_URL: url.toString() });
    admin = new pg.Client({ connectionString: db.url });
    await admin.connect();
  });
  afterAll(async () => {
    await admin?.end();
    await api?.stop();
    await proxy?.close();
    await drop();
  });

  const HISTORY = "{ history(first: 1) { nodes { id } } }";

  it("masks an internal error as INTERNAL_SERVER_ERROR and logs it", async () => {
    // The table disappears under the server: an error it has no answer for.
    await admin.query("ALTER TABLE predictions RENAME TO predictions_away");
    try {
      const socket = await connect(api.url);
      socket.subscribe("1", HISTORY);
      await socket.until(answered("1"));
      socket.ws.close();
      const errors = resultOf(socket.messages, "1")?.errors ?? [];
      expect(errors).toEqual([{ message: "Internal server error", path: ["history"], extensions: { code: "INTERNAL_SERVER_ERROR" } }]);
      const logged = await logLines(api, "unexpected error", 1);
      expect(logged.length).toBeGreaterThan(0);
      expect(logged.at(-1)).toMatch(/predictions/);
    } finally {
      await admin.query("ALTER TABLE predictions_away RENAME TO predictions");
    }
  });

  it("answers SERVICE_UNAVAILABLE, without internals, while the database is away", async () => {
    await proxy.cut();
    try {
      const socket = await connect(api.url);
      socket.subscribe("1", HISTORY);
      await socket.until(answered("1"));
      socket.ws.close();
      const errors = resultOf(socket.messages, "1")?.errors ?? [];
      expect(errors.map((e) => e.extensions?.code)).toEqual(["SERVICE_UNAVAILABLE"]);
      expect(JSON.stringify(errors)).not.toMatch(/prisma|\.ts:|127\.0\.0\.1|ECONN/i);
    } finally {
      await proxy.restore();
    }
  });
});
