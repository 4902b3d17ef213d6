import { createClient, type Client } from "graphql-ws";
import WebSocket from "ws";

export interface EventStream<T> {
  /** Resolves with the first event matching `predicate` (past or future), or rejects after `ms`. */
  next(predicate: (event: T) => boolean, ms?: number): Promise<T>;
  /** Like next, but resolves with undefined when no event matches within `ms`. */
  seen(predicate: (event: T) => boolean, ms: number): Promise<T | undefined>;
  events: T[];
  /** The close code when the server closed the socket (1001 = going away, e.g. shutdown). */
  closedWith(): number | undefined;
  close(): Promise<void>;
}

/**
 * Subscribes over graphql-ws, the protocol browsers and scripts use, and records every event.
 *
 * graphql-ws does not acknowledge a subscribe, so this sends one more operation on the same socket
 * and waits for its answer. With the in-process pub/sub the server registers a subscription
 * without waiting on any I/O, so by the time a later operation on that socket is answered,
 * whatever the caller sends next finds the subscription in place. Through Redis the SUBSCRIBE
 * itself still travels to Redis: there, use untilLive.
 */
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
  await new Promise<void>((resolve, reject) => {
    client.subscribe({ query: "{ __typename }" }, { next: () => {}, error: reject, complete: resolve });
  });
  const seen = async (predicate: (event: T) => boolean, ms: number): Promise<T | undefined> => {
    const deadline = Date.now() + ms;
    for (;;) {
      if (failure) throw new Error(`subscription failed: ${JSON.stringify(failure)}`);
      const found = events.find(predicate);
      if (found !== undefined) return found;
      const left = deadline - Date.now();
      if (left <= 0) return undefined;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        waiters.push(() => { clearTimeout(timer); resolve(); });
      });
    }
  };
  return {
    events,
    seen,
    closedWith: () => closeCode,
    async next(predicate, ms = 10_000) {
      const found = await seen(predicate, ms);
      if (found === undefined) throw new Error(`no matching event within ${ms} ms (got ${events.length})`);
      return found;
    },
    async close() {
      dispose();
      await client.dispose();
    },
  };
}

/**
 * Makes events until every stream has received the latest one: then each subscription is known
 * to reach its server's pub/sub (through Redis, a SUBSCRIBE lands some time after the subscribe).
 * `cause` makes one event (e.g. a prediction) and returns how to recognise it; it runs again
 * whenever `patienceMs` pass without every stream having seen it. Because a subscription delivers
 * in order, once the latest event has arrived no earlier one is still on its way.
 */
export async function untilLive<T>(
  streams: ReadonlyArray<EventStream<T>>,
  cause: () => Promise<(event: T) => boolean>,
  { patienceMs = 500, ms = 30_000 } = {},
): Promise<void> {
  const deadline = Date.now() + ms;
  for (let attempt = 1; ; attempt++) {
    const matches = await cause();
    let missing = 0;
    for (const stream of streams) {
      if ((await stream.seen(matches, Math.max(0, Math.min(patienceMs, deadline - Date.now())))) === undefined) missing++;
    }
    if (missing === 0) return;
    if (Date.now() >= deadline) throw new Error(`${missing} of ${streams.length} subscriptions still silent after ${attempt} events in ${ms} ms`);
  }
}
