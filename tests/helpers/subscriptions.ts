import { createClient, type Client } from "graphql-ws";
import WebSocket from "ws";

export interface EventStream<T> {
  /** Resolves with the first event matching `predicate` (past or future), or rejects after `ms`. */
  next(predicate: (event: T) => boolean, ms?: number): Promise<T>;
  events: T[];
  /** The close code when the server closed the socket (1001 = going away, e.g. shutdown). */
  closedWith(): number | undefined;
  close(): Promise<void>;
}

/** Subscribes over graphql-ws, the protocol browsers and scripts use, and records every event. */
export async function subscribe<T>(httpUrl: string, query: string, pick: (data: Record<string, unknown>) => T): Promise<EventStream<T>> {
  let closeCode: number | undefined;
  const client: Client = createClient({
    url: httpUrl.replace(/^http/, "ws"),
    webSocketImpl: WebSocket,
    retryAttempts: 0,
    lazy: false,
    onNonLazyError: () => {}, // reported through closedWith() instead of console.error
    on: { closed: (event) => { closeCode = (event as { code?: number }).code; } },
  });
  const events: T[] = [];
  const waiters: Array<() => void> = [];
  let failure: unknown;
  await new Promise<void>((resolve, reject) => {
    client.on("connected", () => resolve());
    client.on("error", reject);
  });
  const dispose = client.subscribe<Record<string, unknown>>({ query }, {
    next: (value) => {
      if (value.errors) failure = value.errors;
      if (value.data) events.push(pick(value.data));
      waiters.splice(0).forEach((wake) => wake());
    },
    error: (error) => { failure = error; waiters.splice(0).forEach((wake) => wake()); },
    complete: () => {},
  });
  // graphql-ws does not acknowledge a subscription: give the server time to register it before
  // the caller acts (generous, for a loaded CI machine).
  await new Promise((resolve) => setTimeout(resolve, 500));
  return {
    events,
    closedWith: () => closeCode,
    async next(predicate, ms = 10_000) {
      const deadline = Date.now() + ms;
      for (;;) {
        if (failure) throw new Error(`subscription failed: ${JSON.stringify(failure)}`);
        const found = events.find(predicate);
        if (found) return found;
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`no matching event within ${ms} ms (got ${events.length})`);
        await new Promise<void>((resolve) => { waiters.push(resolve); setTimeout(resolve, left); });
      }
    },
    async close() {
      dispose();
      await client.dispose();
    },
  };
}
