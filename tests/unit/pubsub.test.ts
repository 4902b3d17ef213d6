import { describe, expect, it } from "vitest";
import { createMemoryPubSub, SUBSCRIBER_BUFFER } from "../../api/src/events/pubsub.ts";
import { Topic } from "../../api/src/events/topics.ts";

describe("pub/sub", () => {
  it("keeps a subscriber that falls far behind to its newest events, without throwing in the publisher", async () => {
    const pubSub = createMemoryPubSub();
    const events = pubSub.subscribe(Topic.PredictionRemoved)[Symbol.asyncIterator]();
    const first = events.next(); // the subscription starts listening on its first pull
    const thrown: unknown[] = [];
    const onUncaught = (error: unknown) => thrown.push(error);
    process.on("uncaughtException", onUncaught);
    try {
      for (let i = 0; i < 5000; i++) pubSub.publish(Topic.PredictionRemoved, String(i));
      // EventTarget reports a listener's throw as an uncaught exception on process.nextTick:
      // it has surfaced by the next turn of the event loop.
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      process.off("uncaughtException", onUncaught);
    }
    expect(thrown).toEqual([]);
    expect((await first).value).toBe("0");
    const rest: string[] = [];
    for (let i = 0; i < SUBSCRIBER_BUFFER; i++) rest.push((await events.next()).value as string);
    expect(rest[0]).toBe(String(5000 - SUBSCRIBER_BUFFER));
    expect(rest.at(-1)).toBe("4999");
    await events.return?.();
    // Gone subscribers stop listening: nothing is buffered for them any more.
    pubSub.publish(Topic.PredictionRemoved, "after");
    expect((await events.next()).done).toBe(true);
  });

  it("delivers to every subscriber of a topic, in order", async () => {
    const pubSub = createMemoryPubSub();
    const a = pubSub.subscribe(Topic.PredictionRemoved)[Symbol.asyncIterator]();
    const b = pubSub.subscribe(Topic.PredictionRemoved)[Symbol.asyncIterator]();
    const firstA = a.next();
    const firstB = b.next();
    pubSub.publish(Topic.PredictionRemoved, "1");
    pubSub.publish(Topic.PredictionRemoved, "2");
    expect([(await firstA).value, (await a.next()).value]).toEqual(["1", "2"]);
    expect([(await firstB).value, (await b.next()).value]).toEqual(["1", "2"]);
  });
});
