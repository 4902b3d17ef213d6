import { Redis } from "ioredis";
import { PublishBacklog } from "./publish-backlog.ts";
import { createAppPubSub, type AppPubSub } from "./pubsub.ts";
import { createRedisEventTarget } from "./redis-event-target.ts";

/** Events kept while Redis is away: about a minute of a busy service's predictions. */
const MAX_BACKLOG = 10_000;

const ISO_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

/** Events travel as JSON: turn ISO date strings back into Dates, as resolvers produced them. */
const serializer = {
  stringify: (message: unknown) => JSON.stringify(message),
  parse: (message: string) => JSON.parse(message, (_key, value) => (typeof value === "string" && ISO_DATE.test(value) ? new Date(value) : value)),
};

/**
 * Pub/sub across API processes through Redis, so a subscriber on any replica sees every event.
 * When Redis is away, publishing fails fast (predictions must still succeed) and the events wait
 * in a bounded backlog until it is back.
 */
export function createRedisPubSub(url: string, log: (error: unknown) => void): AppPubSub {
  const options = { lazyConnect: false, retryStrategy: (attempt: number) => Math.min(attempt * 200, 2000) };
  const publishClient = new Redis(url, { ...options, maxRetriesPerRequest: 1, enableOfflineQueue: false });
  // A SUBSCRIBE sent while Redis is away must wait for it, however long: with a retry limit it
  // would be dropped after a failed reconnect, and that topic would stay silent on this process.
  const subscribeClient = new Redis(url, { ...options, maxRetriesPerRequest: null });
  let lastLogged = 0;
  const onError = (error: unknown) => {
    // A Redis outage emits an error per retry: log at most one every 10 s.
    if (Date.now() - lastLogged > 10_000) { lastLogged = Date.now(); log(error); }
  };
  publishClient.on("error", onError);
  subscribeClient.on("error", onError);
  // Every event goes through the backlog: it catches each failure (no unhandled rejection during
  // an outage) and keeps the message for later.
  const backlog = new PublishBacklog((channel, message) => publishClient.publish(channel, message), MAX_BACKLOG, (dropped) =>
    onError(new Error(`Redis away: dropped the ${dropped} oldest unpublished event(s), ${MAX_BACKLOG} still wait`)));
  // Both must be back, and this process's own subscribers listening again: ioredis re-sends
  // SUBSCRIBE right after it reports ready, so a PING queued behind it answers once Redis has it.
  const flushWhenBothReady = () => setImmediate(() => {
    if (publishClient.status !== "ready" || subscribeClient.status !== "ready") return;
    subscribeClient.ping().then(() => backlog.flush(), () => {});
  });
  publishClient.on("ready", flushWhenBothReady);
  subscribeClient.on("ready", flushWhenBothReady);

  const eventTarget = createRedisEventTarget({ publish: (channel, message) => void backlog.publish(channel, message), subscribeClient, serializer });
  return Object.assign(createAppPubSub(eventTarget), {
    async close() {
      publishClient.disconnect();
      subscribeClient.disconnect();
    },
  });
}
