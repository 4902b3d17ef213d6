import type http from "node:http";
import net from "node:net";
import { ErrorCode } from "../lib/errors.ts";
import type { Logger } from "../observability/logger.ts";

/**
 * While draining, how long a keep-alive socket stays open after its last answer. Its client may
 * already be sending the next request; closing under it would reset that request, while waiting
 * a moment lets it be turned away with a 503 it can act on.
 */
export const IDLE_GRACE_MS = 500;

/** Seconds a turned-away client is told to wait before retrying (on a new connection). */
const RETRY_AFTER_S = 5;

const SHUTTING_DOWN = JSON.stringify({
  errors: [{ message: "The server is shutting down; try again shortly", extensions: { code: ErrorCode.SERVICE_UNAVAILABLE } }],
});

interface Connection {
  socket: net.Socket;
  requests: Set<Request>;
  idleSince: number;
  idleTimer?: NodeJS.Timeout;
}

interface Request {
  method: string | undefined;
  /** As received: Express rewrites req.url inside mounted routers. */
  path: string;
  res: http.ServerResponse;
  started: number;
  connection: Connection | undefined;
}

export interface HttpDrain {
  /**
   * The gate in front of every request handler. True: the request is counted as in flight, go on.
   * False: the server is draining and has already answered it (503), so it must not run.
   */
  admit(req: http.IncomingMessage, res: http.ServerResponse): boolean;
  /**
   * Stops accepting connections, lets requests in flight finish (their answers close the
   * connection), turns later ones away, and closes keep-alive sockets once idle. Resolves when no
   * request is in flight and every HTTP socket is closed; at `timeoutMs` it cuts what is left.
   */
  drain(timeoutMs: number): Promise<void>;
}

/** Tracks the HTTP server's sockets and requests so that a shutdown never drops an answer. */
export function httpDrain(server: http.Server, logger: Logger, idleGraceMs = IDLE_GRACE_MS): HttpDrain {
  const connections = new Map<net.Socket, Connection>();
  const inFlight = new Set<Request>();
  let draining = false;
  let turnedAway = 0;
  let answeredWhileDraining = 0;
  let settle: (() => void) | undefined;
  let drained: Promise<void> | undefined;

  const settled = () => inFlight.size === 0 && connections.size === 0;
  const checkSettled = () => {
    if (draining && settled()) settle?.();
  };

  const closeWhenIdle = (connection: Connection) => {
    clearTimeout(connection.idleTimer);
    if (connection.requests.size > 0) return;
    const wait = Math.max(0, idleGraceMs - (performance.now() - connection.idleSince));
    connection.idleTimer = setTimeout(() => {
      if (connection.requests.size === 0) connection.socket.destroy();
    }, wait);
  };

  server.on("connection", (socket: net.Socket) => {
    const connection: Connection = { socket, requests: new Set(), idleSince: performance.now() };
    connections.set(socket, connection);
    socket.once("close", () => {
      clearTimeout(connection.idleTimer);
      connections.delete(socket);
      // Requests still queued behind a pipelined one never see their response close.
      for (const request of connection.requests) inFlight.delete(request);
      checkSettled();
    });
    if (draining) closeWhenIdle(connection);
  });
  // An upgraded socket belongs to the WebSocket server, which closes it itself.
  server.on("upgrade", (_req: http.IncomingMessage, socket: net.Socket) => {
    const connection = connections.get(socket);
    if (!connection) return;
    clearTimeout(connection.idleTimer);
    connections.delete(socket);
    checkSettled();
  });

  const turnAway = (res: http.ServerResponse) => {
    turnedAway++;
    res.writeHead(503, {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Length": Buffer.byteLength(SHUTTING_DOWN),
      "Retry-After": String(RETRY_AFTER_S),
      Connection: "close",
    });
    res.end(SHUTTING_DOWN);
  };

  async function drainFor(timeoutMs: number): Promise<void> {
    draining = true;
    // net's close, not http's: http.Server#close also destroys every idle keep-alive socket at
    // once, resetting requests their clients have just sent.
    net.Server.prototype.close.call(server);
    for (const { res } of inFlight) {
      if (!res.headersSent) res.setHeader("Connection", "close");
    }
    for (const connection of connections.values()) closeWhenIdle(connection);

    let timer: NodeJS.Timeout | undefined;
    const done = await new Promise<boolean>((resolve) => {
      settle = () => resolve(true);
      timer = setTimeout(() => resolve(false), timeoutMs);
      checkSettled();
    });
    clearTimeout(timer);
    if (!done && inFlight.size > 0) {
      const now = performance.now();
      const cut = [...inFlight].map(({ method, path, res, started }) => ({
        method,
        path,
        requestId: res.getHeader("x-request-id"),
        ms: Math.round(now - started),
      }));
      logger.error({ requests: cut, timeoutMs }, "shutdown timeout: cutting requests still in flight");
    }
    for (const socket of connections.keys()) socket.destroy();
    logger.info({ answeredWhileDraining, turnedAway }, "HTTP drain finished");
    // Also stops the server's header and request timeout sweep; it is no longer listening.
    server.close(() => {});
  }

  return {
    admit(req, res) {
      const connection = connections.get(req.socket);
      if (connection) clearTimeout(connection.idleTimer);
      if (draining) {
        turnAway(res);
        // Connection: close ends the socket after the answer; this is for a client that keeps it.
        if (connection) res.once("close", () => closeWhenIdle(connection));
        return false;
      }
      const request: Request = { method: req.method, path: (req.url ?? "/").split("?", 1)[0]!, res, started: performance.now(), connection };
      inFlight.add(request);
      connection?.requests.add(request);
      res.once("close", () => {
        inFlight.delete(request);
        if (!connection) return;
        connection.requests.delete(request);
        connection.idleSince = performance.now();
        if (draining) {
          if (res.writableFinished) answeredWhileDraining++;
          closeWhenIdle(connection);
        }
        checkSettled();
      });
      return true;
    },

    drain(timeoutMs) {
      drained ??= drainFor(timeoutMs);
      return drained;
    },
  };
}
