import { Repeater, SlidingBuffer } from "@repeaterjs/repeater";
import type { PubSub } from "@graphql-yoga/subscription";
import type { TopicPayloads } from "./topics.ts";

export type AppPubSub = PubSub<TopicPayloads> & { close(): Promise<void> };

/**
 * Events one subscriber may fall behind by. Past it the oldest are dropped: events are a live
 * view and history is the record. (An unbuffered subscriber that falls 1,024 events behind makes
 * the event's dispatch throw, outside any request, which would take the process down.)
 */
export const SUBSCRIBER_BUFFER = 256;

/**
 * Pub/sub over an EventTarget (in-process by default; Redis-backed in redis-pubsub.ts), with a
 * bounded buffer of its own for every subscriber.
 */
export function createAppPubSub(eventTarget: EventTarget = new EventTarget()): PubSub<TopicPayloads> {
  return {
    publish(routingKey: string, ...args: unknown[]) {
      const payload = args[1] ?? args[0] ?? null;
      const topic = args[1] === undefined ? routingKey : `${routingKey}:${String(args[0])}`;
      eventTarget.dispatchEvent(new CustomEvent(topic, { detail: payload }));
    },
    subscribe(routingKey: string, id?: string | number) {
      const topic = id === undefined ? routingKey : `${routingKey}:${id}`;
      return new Repeater((push, stop) => {
        const listener = (event: Event) => void push((event as CustomEvent).detail).catch(() => {});
        eventTarget.addEventListener(topic, listener);
        void stop.then(() => eventTarget.removeEventListener(topic, listener));
      }, new SlidingBuffer(SUBSCRIBER_BUFFER));
    },
  } as PubSub<TopicPayloads>;
}

/** In-process pub/sub: enough for one API process. Redis fan-out lives in redis-pubsub.ts. */
export function createMemoryPubSub(): AppPubSub {
  return Object.assign(createAppPubSub(), { close: async () => {} });
}
