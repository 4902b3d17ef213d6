import { createPubSub, type PubSub } from "@graphql-yoga/subscription";
import type { TopicPayloads } from "./topics.ts";

export type AppPubSub = PubSub<TopicPayloads> & { close(): Promise<void> };

/** In-process pub/sub: enough for one API process. Redis fan-out lives in redis-pubsub.ts. */
export function createMemoryPubSub(): AppPubSub {
  return Object.assign(createPubSub<TopicPayloads>(), { close: async () => {} });
}
