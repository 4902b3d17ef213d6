import type { Redis } from "ioredis";

export interface RedisEventTargetParts {
  /** Sends one message; the caller decides what happens when Redis is away. */
  publish(channel: string, message: string): void;
  /** A connection in subscriber mode (it can do nothing else). */
  subscribeClient: Redis;
  serializer: { stringify(value: unknown): string; parse(text: string): unknown };
}

/**
 * An EventTarget whose events travel through Redis channels (one per topic), so that listeners
 * on every API process hear what any of them dispatches. A channel is subscribed while it has
 * listeners on this process.
 */
export function createRedisEventTarget({ publish, subscribeClient, serializer }: RedisEventTargetParts): EventTarget {
  const listeners = new Map<string, Set<(event: Event) => void>>();
  subscribeClient.on("message", (channel: string, message: string) => {
    const callbacks = listeners.get(channel);
    if (!callbacks) return;
    const event = new CustomEvent(channel, { detail: message === "" ? null : serializer.parse(message) });
    for (const callback of callbacks) callback(event);
  });
  const callbackOf = (listener: EventListenerOrEventListenerObject) => ("handleEvent" in listener ? (event: Event) => listener.handleEvent(event) : listener);
  const registered = new WeakMap<EventListenerOrEventListenerObject, (event: Event) => void>();

  return {
    addEventListener(topic: string, listener: EventListenerOrEventListenerObject | null) {
      if (!listener) return;
      const callback = registered.get(listener) ?? callbackOf(listener);
      registered.set(listener, callback);
      let callbacks = listeners.get(topic);
      if (!callbacks) {
        callbacks = new Set();
        listeners.set(topic, callbacks);
        void subscribeClient.subscribe(topic).catch(() => {}); // errors surface on the client's error event
      }
      callbacks.add(callback);
    },
    removeEventListener(topic: string, listener: EventListenerOrEventListenerObject | null) {
      const callbacks = listeners.get(topic);
      const callback = listener && registered.get(listener);
      if (!callbacks || !callback) return;
      callbacks.delete(callback);
      if (callbacks.size > 0) return;
      listeners.delete(topic);
      void subscribeClient.unsubscribe(topic).catch(() => {});
    },
    dispatchEvent(event: Event) {
      const detail = (event as CustomEvent).detail as unknown;
      publish(event.type, detail === undefined ? "" : serializer.stringify(detail));
      return true;
    },
  };
}
