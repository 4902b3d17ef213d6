import { mkdtemp, rm } from "node:fs/promises";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { startApiProcess, type ApiProcess } from "./helpers/api-process.ts";
import { canvasOfDigit, dataUrl } from "./helpers/fixtures.ts";
import { createThrowawayDatabase, postgresAvailable } from "./helpers/postgres.ts";
import { subscribe } from "./helpers/subscriptions.ts";

const PREDICT = "mutation($image: String!) { predictDigit(image: $image) { id } }";
/** Clients that send again as soon as answered: their sockets are nearly always busy. */
const BUSY_CLIENTS = 6;
/** Clients that pause between requests, so their sockets are often idle when the drain starts. */
const PACED_CLIENTS = 2;
const PAUSE_MS = 100;
const withPostgres = await postgresAvailable();

interface Reply {
  status: number;
  connection: string | undefined;
  retryAfter: string | undefined;
  body: string;
}

/** One POST on a keep-alive agent: a client that reuses its socket, as browsers and SDKs do. */
function post(url: string, agent: http.Agent, payload: Buffer): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, {
      method: "POST",
      agent,
      headers: { "content-type": "application/json", "content-length": String(payload.length) },
    });
    req.on("response", (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => resolve({
        status: res.statusCode ?? 0,
        connection: res.headers.connection,
        retryAfter: res.headers["retry-after"],
        body: Buffer.concat(chunks).toString("utf8"),
      }));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(payload);
  });
}

interface Answer {
  data?: { predictDigit?: { id: string } } | null;
  errors?: Array<{ message: string; extensions?: { code?: string } }>;
}

function parseJson(body: string): Answer {
  try {
    return JSON.parse(body) as Answer;
  } catch {
    return {};
  }
}

interface Tally {
  answered: string[];
  /** Answered after SIGTERM was sent, with `Connection: close` (a request the drain let finish). */
  answeredWithClose: number;
  answeredAfterSignal: number;
  /** 503 SERVICE_UNAVAILABLE with Connection: close: a request that reached a draining server. */
  turnedAway: number;
  /**
   * Clients whose last attempt, made after SIGTERM on a new connection, found nothing listening:
   * no request left them, so none went unanswered. This is how a client that keeps going ends.
   */
  refused: number;
  /** Anything else: resets, hang-ups, other statuses, a refusal before SIGTERM. Must stay empty. */
  failures: string[];
  /** Wakes whoever waits for more answers. */
  onAnswer: Array<() => void>;
}

/** Resolves once `count` requests have been answered with a stored prediction (or a client failed). */
async function answeredAtLeast(tally: Tally, count: number): Promise<void> {
  while (tally.answered.length < count && tally.failures.length === 0) await new Promise<void>((resolve) => tally.onAnswer.push(resolve));
}

/** Keeps predicting on one keep-alive socket until the server refuses connections or exits. */
async function client(url: string, payload: Buffer, tally: Tally, pauseMs: number, signalled: () => boolean, exited: () => boolean): Promise<void> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  try {
    while (!exited()) {
      const sentAfterSignal = signalled();
      let reply: Reply;
      try {
        reply = await post(url, agent, payload);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        // Judged by when the request was sent: a refusal of one sent before SIGTERM is a failure
        // even if its error arrives after the signal.
        if (code === "ECONNREFUSED" && sentAfterSignal) {
          tally.refused++;
          return;
        }
        tally.failures.push(`${code ?? ""} ${(error as Error).message}${sentAfterSignal ? "" : " (sent before SIGTERM)"}`);
        tally.onAnswer.splice(0).forEach((wake) => wake());
        return;
      }
      const parsed = parseJson(reply.body);
      if (reply.status === 200 && parsed.data?.predictDigit?.id) {
        tally.answered.push(parsed.data.predictDigit.id);
        tally.onAnswer.splice(0).forEach((wake) => wake());
        if (signalled()) {
          tally.answeredAfterSignal++;
          if (reply.connection === "close") tally.answeredWithClose++;
        }
        if (pauseMs > 0) await new Promise((resolve) => setTimeout(resolve, pauseMs));
      } else if (
        reply.status === 503 && reply.connection === "close" && reply.retryAfter !== undefined
        && parsed.errors?.[0]?.extensions?.code === "SERVICE_UNAVAILABLE" && /shutting down/i.test(parsed.errors[0].message) && parsed.data === undefined
      ) {
        tally.turnedAway++;
      } else {
        tally.failures.push(`${reply.status} connection=${reply.connection} ${reply.body.slice(0, 200)}`);
        tally.onAnswer.splice(0).forEach((wake) => wake());
        return;
      }
    }
  } finally {
    agent.destroy();
  }
}

async function storedIds(backend: "PGlite" | "PostgreSQL", where: string): Promise<string[]> {
  if (backend === "PostgreSQL") {
    const db = new pg.Client({ connectionString: where });
    await db.connect();
    try {
      return (await db.query<{ id: number }>("SELECT id FROM predictions ORDER BY id")).rows.map((row) => String(row.id));
    } finally {
      await db.end();
    }
  }
  const db = await PGlite.create({ dataDir: path.join(where, "pglite") });
  try {
    return (await db.query<{ id: number }>("SELECT id FROM predictions ORDER BY id")).rows.map((row) => String(row.id));
  } finally {
    await db.close();
  }
}

for (const backend of ["PostgreSQL", "PGlite"] as const) {
  describe.skipIf(backend === "PostgreSQL" && !withPostgres)(`graceful shutdown on SIGTERM (${backend})`, () => {
    it("answers every request it accepted, turns the rest away cleanly, closes WebSockets with 1001, and exits 0", { timeout: 180_000 }, async () => {
      const dataDir = await mkdtemp(path.join(os.tmpdir(), "digits-shutdown-"));
      const db = backend === "PostgreSQL" ? await createThrowawayDatabase("digits_shutdown") : undefined;
      let api: ApiProcess | undefined;
      try {
        api = await startApiProcess({ DATA_DIR: dataDir, LOG_LEVEL: "info", ...(db ? { DATABASE_URL: db.url } : {}) });
        const events = await subscribe(api.url, "subscription { predictionAdded { id } }", (d) => d.predictionAdded);
        const payload = Buffer.from(JSON.stringify({ query: PREDICT, variables: { image: dataUrl((await canvasOfDigit(0)).png) } }));
        const tally: Tally = { answered: [], answeredWithClose: 0, answeredAfterSignal: 0, turnedAway: 0, refused: 0, failures: [], onAnswer: [] };
        let signalled = false;
        const { child, url } = api;
        const exited = () => child.exitCode !== null || child.signalCode !== null;
        const clients = [
          ...Array.from({ length: BUSY_CLIENTS }, () => client(url, payload, tally, 0, () => signalled, exited)),
          ...Array.from({ length: PACED_CLIENTS }, () => client(url, payload, tally, PAUSE_MS, () => signalled, exited)),
        ];
        // Every client has a socket in use and requests keep overlapping when the signal lands.
        await answeredAtLeast(tally, (BUSY_CLIENTS + PACED_CLIENTS) * 3);
        signalled = true;
        // Well past SHUTDOWN_TIMEOUT_MS: a server that never exits fails here, not at the test timeout.
        const exitCode = await Promise.race([api.stop("SIGTERM"), new Promise<string>((resolve) => setTimeout(() => resolve("still running"), 30_000))]);
        await Promise.all(clients);
        const stored = await storedIds(backend, db?.url ?? dataDir);
        console.log(`${backend}: ${tally.answered.length} answered (${tally.answeredAfterSignal} after SIGTERM, ${tally.answeredWithClose} with Connection: close), ${tally.turnedAway} turned away with 503, ${tally.refused} refused, ${tally.failures.length} failures, ${stored.length} stored`);

        expect(tally.failures).toEqual([]);
        expect(exitCode).toBe(0);
        // A prediction is stored exactly when its client got the answer.
        expect([...stored].sort()).toEqual([...tally.answered].sort());
        // The drain path ran: a request in flight at the signal finished, or a late one was turned away.
        expect(tally.answeredWithClose + tally.turnedAway).toBeGreaterThan(0);
        expect(api.output()).toMatch(/"msg":"draining connections and closing"[\s\S]*"msg":"stopped"/);
        expect(events.closedWith()).toBe(1001);
        await events.close();
      } finally {
        api?.child.kill("SIGKILL");
        await db?.drop();
        await rm(dataDir, { recursive: true, force: true });
      }
    });
  });
}

describe("shutdown with a request that outlasts SHUTDOWN_TIMEOUT_MS", () => {
  it("cuts it at the deadline, says which it was, and still exits 0", { timeout: 120_000 }, async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), "digits-shutdown-cut-"));
    let api: ApiProcess | undefined;
    try {
      api = await startApiProcess({ DATA_DIR: dataDir, LOG_LEVEL: "info", SHUTDOWN_TIMEOUT_MS: "1000" });
      // A body that never finishes arriving: the request stays in flight until it is cut.
      const socket = net.connect({ host: "127.0.0.1", port: Number(new URL(api.url).port) });
      await new Promise((resolve) => socket.once("connect", resolve));
      const closed = new Promise((resolve) => socket.once("close", resolve));
      socket.on("error", () => {});
      // Expect: 100-continue makes the server say when it has the request (its headers parsed, the
      // request handed to the app); only then does the test send a first byte of the body.
      const firstReply = new Promise<string>((resolve) => socket.once("data", (chunk: Buffer) => resolve(chunk.toString("latin1"))));
      socket.write("POST /graphql HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nX-Request-Id: the-slow-one\r\nContent-Length: 1000\r\nExpect: 100-continue\r\n\r\n");
      expect(await firstReply).toMatch(/^HTTP\/1\.1 100 Continue\r\n/);
      await new Promise<void>((resolve) => socket.write("{", () => resolve()));
      const signalled = performance.now();
      const exitCode = await Promise.race([api.stop("SIGTERM"), new Promise<string>((resolve) => setTimeout(() => resolve("still running"), 30_000))]);
      const tookMs = performance.now() - signalled;
      await closed;
      expect(exitCode).toBe(0);
      expect(tookMs).toBeGreaterThanOrEqual(1000);
      expect(api.output()).toMatch(/"requestId":"the-slow-one"[^\n]*"msg":"shutdown timeout: cutting requests still in flight"/);
      expect(api.output()).toMatch(/"msg":"stopped"/);
    } finally {
      api?.child.kill("SIGKILL");
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
