/**
 * Messages that could not be published (Redis away) wait here, oldest first, and go out in order
 * once the connection is back, so that live feeds get them late rather than never. Bounded: in a
 * long outage the oldest are dropped, and the count is reported.
 */
export class PublishBacklog {
  private readonly waiting: Array<[channel: string, message: string]> = [];
  private flushing = false;

  constructor(
    private readonly send: (channel: string, message: string) => Promise<unknown>,
    private readonly max: number,
    private readonly onDrop: (dropped: number) => void,
  ) {}

  get size(): number {
    return this.waiting.length;
  }

  /** Sends now, unless older messages still wait (order matters) or the send fails. */
  publish(channel: string, message: string): Promise<void> {
    if (this.waiting.length > 0) {
      this.keep(channel, message);
      return Promise.resolve();
    }
    return this.send(channel, message).then(() => undefined, () => this.keep(channel, message));
  }

  /** Sends what waits, in order; stops at the first failure and keeps the rest. */
  async flush(): Promise<void> {
    if (this.flushing) return;
    this.flushing = true;
    try {
      while (this.waiting.length > 0) {
        const [channel, message] = this.waiting[0]!;
        try {
          await this.send(channel, message);
        } catch {
          return;
        }
        this.waiting.shift();
      }
    } finally {
      this.flushing = false;
    }
  }

  private keep(channel: string, message: string): void {
    this.waiting.push([channel, message]);
    if (this.waiting.length > this.max) {
      const dropped = this.waiting.length - this.max;
      this.waiting.splice(0, dropped);
      this.onDrop(dropped);
    }
  }
}
