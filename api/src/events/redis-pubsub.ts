import { createRedisEventTarget } from "@graphql-yoga/redis-event-target";
import { createPubSub } from "@graphql-yoga/subscription";
import { Redis } from "ioredis";
import type { AppPubSub } from "./pubsub.ts";
import type { TopicPayloads } from "./topics.ts";

const ISO_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

/** Events travel as JSON: turn ISO date strings back into Dates, as resolvers produced them. */
const serializer = {
  stringify: (message: unknown) => JSON.stringify(message),
  parse: (message: string) => JSON.parse(message, (_key, value) => (typeof value === "string" && ISO_DATE.test(value) ? new Date(value) : value)),
};

/**
 * Pub/sub across API processes through Redis, so a subscriber on any replica sees every event.
 * When Redis is away, publishing fails fast and is only logged: predictions must still succeed.
 */
export function createRedisPubSub(url: string, log: (error: unknown) => void): AppPubSub {
  const options = { lazyConnect: false, retryStrategy: (attempt: number) => Math.min(attempt * 200, 2000) };
  const publishClient = new Redis(url, { ...options, maxRetriesPerRequest: 1, enableOfflineQueue: false });
  // A SUBSCRIBE sent while Redis is away must wait for it, however long: with a retry limit it
  // was dropped after one failed reconnect, and that topic stayed silent on this process for good.
  const subscribeClient = new Redis(url, { ...options, maxRetriesPerRequest: null });
  let lastLogged = 0;
  const onError = (error: unknown) => {
    // A Redis outage emits an error per retry: log at most one every 10 s.
    if (Date.now() - lastLogged > 10_000) { lastLogged = Date.now(); log(error); }
  };
  publishClient.on("error", onError);
  subscribeClient.on("error", onError);
  // The event target does not await publish; without this a Redis outage is an unhandled rejection.
  const publish = publishClient.publish.bind(publishClient);
  publishClient.publish = ((channel: string, message: string) => publish(channel, message).catch((error: unknown) => { onError(error); return 0; })) as typeof publishClient.publish;

  const eventTarget = createRedisEventTarget<CustomEvent>({ publishClient, subscribeClient, serializer });
  return Object.assign(createPubSub<TopicPayloads>({ eventTarget }), {
    async close() {
      publishClient.disconnect();
      subscribeClient.disconnect();
    },
  });
}
