interface Pending<Item, Result> {
  item: Item;
  resolve: (result: Result) => void;
  reject: (error: unknown) => void;
}

export interface BatchQueueOptions<Item> {
  /** Most items in one run. */
  maxBatch: number;
  /** Optional cap on a run's total size (e.g. bytes); a single item may exceed it alone. */
  budget?: { max: number; of: (item: Item) => number };
  /**
   * When a run of several items fails, run each on its own, so that one bad item cannot fail
   * the others. Off where a failure would hit every item alike.
   */
  retrySingly?: boolean;
}

/**
 * Dynamic batching without a timer: one run at a time; items that arrive while a run is in
 * flight wait and go together in the next one. A lone item never waits, and under load the
 * batches grow by themselves (Triton's dynamic batcher with max_queue_delay 0).
 */
export class BatchQueue<Item, Result> {
  private queue: Array<Pending<Item, Result>> = [];
  private running = false;

  /** `runBatch` returns one result per item, in the items' order. */
  constructor(
    private readonly runBatch: (items: Item[]) => Promise<Result[]>,
    private readonly options: BatchQueueOptions<Item>,
  ) {}

  add(item: Item): Promise<Result> {
    return new Promise((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      if (!this.running) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.running = true;
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, this.nextBatchLength());
      try {
        await this.settle(batch);
      } catch (error) {
        if (!this.options.retrySingly || batch.length === 1) batch.forEach((p) => p.reject(error));
        // In parallel: during an outage each fails as fast as the whole batch did.
        else await Promise.all(batch.map((pending) => this.settle([pending]).catch(pending.reject)));
      }
    }
    this.running = false;
  }

  private nextBatchLength(): number {
    const { maxBatch, budget } = this.options;
    let length = 0;
    let spent = 0;
    while (length < Math.min(maxBatch, this.queue.length)) {
      spent += budget ? budget.of(this.queue[length]!.item) : 0;
      if (length > 0 && budget && spent > budget.max) break;
      length++;
    }
    return length;
  }

  private async settle(batch: Array<Pending<Item, Result>>): Promise<void> {
    const results = await this.runBatch(batch.map((p) => p.item));
    if (results.length !== batch.length) throw new Error(`a batch of ${batch.length} gave ${results.length} results`);
    batch.forEach((p, i) => p.resolve(results[i]!));
  }
}
