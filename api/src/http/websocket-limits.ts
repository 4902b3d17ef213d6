import type { WebSocket } from "ws";

/** Close code for a peer that does not read what it asked for: standard "Try Again Later", which graphql-ws clients retry. */
export const SLOW_CONSUMER_CLOSE_CODE = 1013;

/**
 * How long a closed socket may take to finish the close handshake before it is cut. A peer that
 * reads gets its backlog and the close frame in time; one that does not read would otherwise hold
 * its unsent data for ws's 30 s close timeout.
 */
export const CLOSE_GRACE_MS = 2000;

/** Open sockets per client address. */
export class SocketsPerClient {
  private readonly open = new Map<string, number>();

  constructor(readonly max: number) {}

  /** Whether `client` may open one more. */
  hasRoom(client: string): boolean {
    return (this.open.get(client) ?? 0) < this.max;
  }

  /** Counts `socket` against `client` until it closes. */
  track(client: string, socket: WebSocket): void {
    this.open.set(client, (this.open.get(client) ?? 0) + 1);
    socket.once("close", () => {
      const left = (this.open.get(client) ?? 1) - 1;
      if (left > 0) this.open.set(client, left);
      else this.open.delete(client);
    });
  }
}

/** Closes `socket` with a code and reason, and cuts it if the handshake does not finish in CLOSE_GRACE_MS. */
export function closeOrCut(socket: WebSocket, code: number, reason: string): void {
  if (socket.readyState === socket.CLOSED) return;
  socket.close(code, reason);
  const cut = setTimeout(() => socket.terminate(), CLOSE_GRACE_MS);
  cut.unref();
  socket.once("close", () => clearTimeout(cut));
}
