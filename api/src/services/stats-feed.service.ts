import { Repeater, SlidingBuffer } from "@repeaterjs/repeater";
import type { AppPubSub } from "../events/pubsub.ts";
import { Topic } from "../events/topics.ts";
import type { StatsSummary } from "./stats.service.ts";

/**
 * After a change, wait this long for more before recomputing: a burst of predictions costs one
 * statistics query per process, however many events and viewers there are.
 */
export const STATS_SETTLE_MS = 250;

const CHANGES = [Topic.PredictionAdded, Topic.PredictionUpdated, Topic.PredictionRemoved] as const;

export interface StatsFeedParts {
  pubSub: Pick<AppPubSub, "subscribe">;
  load(): Promise<StatsSummary>;
  log(error: unknown): void;
  settleMs?: number;
}

/**
 * The statistics, pushed to every viewer whenever predictions change. The process listens to
 * prediction events only while someone watches, and shares each computed result with all viewers.
 */
export class StatsFeed {
  private readonly viewers = new Set<(stats: StatsSummary) => void>();
  /** Computed after the last change seen, or null when a change came since. */
  private latest: StatsSummary | null = null;
  private computing = false;
  private again = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private listening: Array<AsyncIterator<unknown>> = [];

  constructor(private readonly parts: StatsFeedParts) {}

  /** The current statistics at once, then again after every change (only the newest is kept for a slow viewer). */
  watch(): AsyncIterable<StatsSummary> {
    return new Repeater<StatsSummary>(async (push, stop) => {
      const viewer = (stats: StatsSummary) => void push(stats).catch(() => {});
      if (this.viewers.size === 0) this.listen();
      this.viewers.add(viewer);
      if (this.latest) viewer(this.latest);
      else void this.refresh();
      await stop;
      this.viewers.delete(viewer);
      if (this.viewers.size === 0) this.quiet();
    }, new SlidingBuffer(1));
  }

  private listen(): void {
    for (const topic of CHANGES) {
      const events = this.parts.pubSub.subscribe(topic)[Symbol.asyncIterator]();
      this.listening.push(events);
      void (async () => {
        for (let next = await events.next(); !next.done; next = await events.next()) this.changed();
      })().catch(this.parts.log);
    }
  }

  private quiet(): void {
    for (const events of this.listening) void events.return?.();
    this.listening = [];
    clearTimeout(this.timer);
    this.timer = undefined;
    this.latest = null;
  }

  private changed(): void {
    this.latest = null;
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      void this.refresh();
    }, this.parts.settleMs ?? STATS_SETTLE_MS);
  }

  /** One computation at a time; a change during it asks for one more afterwards. */
  private async refresh(): Promise<void> {
    if (this.computing) {
      this.again = true;
      return;
    }
    this.computing = true;
    try {
      do {
        this.again = false;
        const stats = await this.parts.load().catch((error: unknown) => {
          this.parts.log(error);
          return null;
        });
        if (stats === null || this.viewers.size === 0) break;
        // A change that arrived while loading has its own refresh coming; until then this is the newest.
        if (!this.timer && !this.again) this.latest = stats;
        for (const viewer of this.viewers) viewer(stats);
      } while (this.again);
    } finally {
      this.computing = false;
    }
  }
}
