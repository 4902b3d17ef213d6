import { Worker } from "node:worker_threads";
import type { Config } from "../config.ts";
import { AppError, ErrorCode } from "../lib/errors.ts";
import { ImageRejected } from "./image-rejected.ts";
import type { ImageIntake } from "./image-intake.ts";
import type { ImageTask, ImageTaskReply, ImageWorkerData, ImageWorkerMessage } from "./image.worker.ts";
import type { MnistDigit } from "./preprocess.ts";
import type { ImagePreparer } from "./recognizer.ts";
import { threadCpuMs } from "./thread-cpu-clock.ts";

export interface ImagePoolOptions {
  threads: number;
  /**
   * Processor time an image may take to decode before it is abandoned and its thread replaced
   * (wall-clock time where the thread's processor time cannot be read).
   */
  timeoutMs: number;
  /** Heap cap of each worker thread. */
  memoryMb: number;
  /** Most images one client may have queued or in work at once. */
  perClientLimit: number;
}

/*
 * Why not a general-purpose pool: this one must (1) share the threads fairly between clients,
 * (2) know when an image *started* decoding, to abort it after its time budget by replacing the
 * thread, and (3) cancel the rest of a batch when one image is refused. Each thread holds a
 * short queue of its own, so it never waits for a busy main thread to hand it the next image;
 * the queue is short in pixels as well as in images, so that one client's big images cannot
 * sit in front of another client's drawing.
 */
const QUEUED_TASKS_PER_THREAD = 8;
const QUEUED_PIXELS_PER_THREAD = 1024 * 1024;
const WATCH_INTERVAL_MS = 25;
const RESPAWN_DELAY_MS = 1000;
/**
 * An image still decoding after this many budgets by the clock is abandoned even if it used
 * little processor time: a thread that makes no progress must not hold its place for ever.
 */
const WALL_BUDGETS = 10;
/** Four full request bodies' worth of images per client: what one client can make the server hold. */
const PER_CLIENT_BYTES = 32 * 1024 * 1024;

type TaskState = "queued" | "posted" | "finished";

interface Group {
  results: MnistDigit[];
  pending: number;
  settled: boolean;
  tasks: Task[];
  resolve(digits: MnistDigit[]): void;
  reject(error: unknown): void;
}

interface Task {
  id: number;
  client: string;
  index: number;
  image: ImageIntake;
  pixels: number;
  group: Group;
  state: TaskState;
}

interface Thread {
  worker: Worker;
  /** What the thread publishes: the id of the task it is decoding (0 when idle), its OS thread id. */
  running: Int32Array;
  posted: Map<number, Task>;
  postedPixels: number;
  /** Started and warmed up: preferred over a thread still starting. */
  ready: boolean;
  /** The running task as last seen, since when, and the thread's first processor time reading for it (if known). */
  seen: { id: number; since: number; cpu: { at: number; reading: number } | undefined };
}

export class ImagePool implements ImagePreparer {
  private readonly threads = new Set<Thread>();
  /**
   * A started, idle thread that takes a replaced thread's place at once: starting one costs
   * about as much as a big image, and another client's drawing should not wait for it.
   */
  private spare: Thread | undefined;
  /** Waiting tasks per client; Map order is the round-robin order. */
  private readonly queues = new Map<string, Task[]>();
  /** Per client: images queued or in work, and their bytes (held in memory until they finish). */
  private readonly inFlight = new Map<string, { images: number; bytes: number }>();
  private readonly watchdog: NodeJS.Timeout;
  private nextId = 1;
  private closing = false;
  private idle: (() => void) | undefined;

  constructor(
    private readonly workerUrl: URL,
    private readonly options: ImagePoolOptions,
  ) {
    for (let i = 0; i < options.threads; i++) this.threads.add(this.spawn());
    this.spare = this.spawn();
    this.watchdog = setInterval(() => this.watch(), WATCH_INTERVAL_MS);
    this.watchdog.unref();
  }

  prepareAll(client: string, images: ImageIntake[]): Promise<MnistDigit[]> {
    if (this.closing) return Promise.reject(new AppError(ErrorCode.SERVICE_UNAVAILABLE, "The server is shutting down; try again shortly"));
    if (images.length === 0) return Promise.resolve([]);
    const current = this.inFlight.get(client) ?? { images: 0, bytes: 0 };
    const bytes = images.reduce((sum, image) => sum + image.bytes.length, 0);
    if (current.images + images.length > this.options.perClientLimit || current.bytes + bytes > PER_CLIENT_BYTES) {
      return Promise.reject(
        new AppError(
          ErrorCode.RATE_LIMITED,
          `At most ${this.options.perClientLimit} images (${PER_CLIENT_BYTES / (1024 * 1024)} MB) per client may be in work at once; wait for the earlier ones`,
        ),
      );
    }
    return new Promise((resolve, reject) => {
      const group: Group = { results: [], pending: images.length, settled: false, tasks: [], resolve, reject };
      group.tasks = images.map((image, index) => ({
        id: this.takeId(),
        client,
        index,
        image,
        pixels: image.header.width * image.header.height,
        group,
        state: "queued" as const,
      }));
      this.queueOf(client).push(...group.tasks);
      this.inFlight.set(client, { images: current.images + images.length, bytes: current.bytes + bytes });
      this.dispatch();
    });
  }

  async close(): Promise<void> {
    this.closing = true;
    if (this.totalInFlight() > 0) await new Promise<void>((resolve) => (this.idle = resolve));
    clearInterval(this.watchdog);
    const all = [...this.threads, ...(this.spare ? [this.spare] : [])];
    this.spare = undefined;
    await Promise.all(all.map((thread) => this.retire(thread)));
  }

  private takeId(): number {
    const id = this.nextId;
    this.nextId = id >= 0x7fffffff ? 1 : id + 1;
    return id;
  }

  private queueOf(client: string): Task[] {
    let queue = this.queues.get(client);
    if (!queue) this.queues.set(client, (queue = []));
    return queue;
  }

  private totalInFlight(): number {
    let total = 0;
    for (const { images } of this.inFlight.values()) total += images;
    return total;
  }

  private spawn(): Thread {
    const running = new SharedArrayBuffer(8);
    const resourceLimits = { maxOldGenerationSizeMb: this.options.memoryMb };
    const workerData: ImageWorkerData = { running, entry: this.workerUrl.href };
    // Under tsx (dev, tests) the worker is TypeScript too and starts through a plain entry file.
    const worker = this.workerUrl.pathname.endsWith(".ts")
      ? new Worker(new URL("./tsx-worker-entry.cjs", import.meta.url), { workerData, resourceLimits, execArgv: ["--import", "tsx"] })
      : new Worker(this.workerUrl, { workerData, resourceLimits });
    const thread: Thread = { worker, running: new Int32Array(running), posted: new Map(), postedPixels: 0, ready: false, seen: { id: 0, since: 0, cpu: undefined } };
    worker.on("message", (reply: ImageTaskReply) => this.onReply(thread, reply));
    worker.on("error", (error: Error & { code?: string }) => {
      if (thread === this.spare) return this.replaceSpare();
      const outOfMemory = error.code === "ERR_WORKER_OUT_OF_MEMORY";
      this.replace(thread, outOfMemory ? tooCostly("needed more memory than an image may use") : error);
    });
    worker.on("exit", () => {
      if (thread === this.spare) this.replaceSpare();
      else this.replace(thread, new Error("an image worker thread exited unexpectedly"));
    });
    return thread;
  }

  /** Round robin over clients, into threads whose own queue has room (in images and in pixels). */
  private dispatch(): void {
    // Each client gets a turn; stop once every waiting client has had one without a place to go.
    for (let turns = this.queues.size; turns > 0 && this.queues.size > 0; ) {
      const [client, queue] = this.queues.entries().next().value as [string, Task[]];
      const task = queue[0]!;
      const thread = this.mayStart(task) ? this.threadWithRoomFor(task) : undefined;
      this.queues.delete(client);
      if (!thread) {
        this.queues.set(client, queue);
        turns--;
        continue;
      }
      queue.shift();
      if (queue.length > 0) this.queues.set(client, queue); // to the back of the line
      task.state = "posted";
      thread.posted.set(task.id, task);
      thread.postedPixels += task.pixels;
      const message: ImageWorkerMessage = { id: task.id, bytes: task.image.bytes, header: task.image.header } satisfies ImageTask;
      thread.worker.postMessage(message);
      turns = this.queues.size;
    }
  }

  /**
   * Big images (each may use a thread for up to the time budget) from one client run on all
   * threads but one, so that another client's drawing always finds a thread that is not stuck.
   */
  private mayStart(task: Task): boolean {
    if (task.pixels <= QUEUED_PIXELS_PER_THREAD || this.options.threads < 2) return true;
    let big = 0;
    for (const thread of this.threads) {
      for (const other of thread.posted.values()) if (other.client === task.client && other.pixels > QUEUED_PIXELS_PER_THREAD) big++;
    }
    return big < this.options.threads - 1;
  }

  private threadWithRoomFor(task: Task): Thread | undefined {
    let best: Thread | undefined;
    for (const thread of this.threads) {
      const empty = thread.posted.size === 0;
      const room = empty || (thread.posted.size < QUEUED_TASKS_PER_THREAD && thread.postedPixels + task.pixels <= QUEUED_PIXELS_PER_THREAD);
      const better = !best || (thread.ready && !best.ready) || (thread.ready === best.ready && thread.postedPixels < best.postedPixels);
      if (room && better) best = thread;
    }
    return best;
  }

  private onReply(thread: Thread, reply: ImageTaskReply): void {
    if (reply.outcome === "ready") {
      thread.ready = true;
      return this.dispatch();
    }
    const task = thread.posted.get(reply.id);
    if (!task) return;
    thread.posted.delete(reply.id);
    thread.postedPixels -= task.pixels;
    switch (reply.outcome) {
      case "done":
        this.finish(task, reply.digit);
        break;
      case "refused":
        this.finish(task, new ImageRejected(reply.code, reply.message));
        break;
      case "failed":
        this.finish(task, new Error(`image worker: ${reply.message}`));
        break;
      case "cancelled":
        this.finish(task, null);
        break;
    }
    this.dispatch();
  }

  /** Settles one task: a digit, an error that fails its group, or null when it was cancelled. */
  private finish(task: Task, outcome: MnistDigit | Error | null): void {
    if (task.state === "finished") return;
    task.state = "finished";
    const mine = this.inFlight.get(task.client);
    if (mine && mine.images > 1) this.inFlight.set(task.client, { images: mine.images - 1, bytes: mine.bytes - task.image.bytes.length });
    else this.inFlight.delete(task.client);
    const { group } = task;
    if (!group.settled && outcome !== null && !(outcome instanceof Error)) {
      group.results[task.index] = outcome;
      if (--group.pending === 0) {
        group.settled = true;
        group.resolve(group.results);
      }
    } else if (!group.settled && outcome instanceof Error) {
      group.settled = true;
      group.reject(outcome instanceof ImageRejected ? outcome.at(task.index) : outcome);
      this.cancelRest(group);
    }
    if (this.idle && this.totalInFlight() === 0) this.idle();
  }

  /** A refused image fails its batch: the others are not worth decoding. */
  private cancelRest(group: Group): void {
    for (const task of group.tasks) {
      if (task.state === "queued") {
        const queue = this.queues.get(task.client);
        const at = queue?.indexOf(task) ?? -1;
        if (queue && at >= 0) queue.splice(at, 1);
        if (queue?.length === 0) this.queues.delete(task.client);
        this.finish(task, null);
      } else if (task.state === "posted") {
        const thread = [...this.threads].find((t) => t.posted.has(task.id));
        if (!thread) continue;
        // A big image already decoding is stopped with its thread; a small one ends sooner than
        // a new thread would start.
        if (Atomics.load(thread.running, 0) === task.id) {
          if (task.pixels > QUEUED_PIXELS_PER_THREAD) this.replace(thread, new Error("cancelled with its batch"));
        } else {
          // Settled now, so the client's allowance is free at once; the thread's reply is ignored.
          thread.worker.postMessage({ cancel: task.id } satisfies ImageWorkerMessage);
          this.finish(task, null);
        }
      }
    }
  }

  /**
   * Aborts an image that has used more than its budget of processor time, or has been decoding
   * for many budgets by the clock, with its thread. The thread's processor time is read only for
   * an image still running at a second look (reading it costs about as much as a drawing's
   * hand-off, and most drawings are done before the next look); the clock time before that
   * first reading counts in full, as the most processor time the thread can have used in it.
   */
  private watch(): void {
    const now = performance.now();
    const budget = this.options.timeoutMs;
    for (const thread of this.threads) {
      const id = Atomics.load(thread.running, 0);
      if (id !== thread.seen.id) {
        thread.seen = { id, since: now, cpu: undefined };
        continue;
      }
      if (id === 0) continue;
      const cpu = threadCpuMs(Atomics.load(thread.running, 1));
      thread.seen.cpu ??= cpu === undefined ? undefined : { at: now, reading: cpu };
      const first = thread.seen.cpu;
      const measured = cpu !== undefined && first !== undefined;
      const used = measured ? first.at - thread.seen.since + (cpu - first.reading) : now - thread.seen.since;
      if (used > budget) this.replace(thread, tooCostly(`took longer than ${budget} ms ${measured ? "of processor time " : ""}to decode`));
      else if (now - thread.seen.since > budget * WALL_BUDGETS) this.replace(thread, tooCostly(`was still decoding after ${budget * WALL_BUDGETS} ms`));
    }
  }

  /**
   * Ends a thread that misbehaved (over time, out of memory, crashed): the task it was running
   * gets `error`, the ones it held but had not started go back to the front of their clients'
   * lines, and a fresh thread takes its place.
   */
  private replace(thread: Thread, error: Error): void {
    if (!this.threads.delete(thread)) return;
    const culprit = Atomics.load(thread.running, 0);
    void this.retire(thread);
    const requeue: Task[] = [];
    for (const task of thread.posted.values()) {
      if (task.id === culprit) this.finish(task, error);
      else if (task.group.settled) this.finish(task, null);
      else requeue.push(task);
    }
    for (const task of requeue.reverse()) {
      task.state = "queued";
      this.queueOf(task.client).unshift(task);
    }
    if (culprit === 0) {
      // It failed with no image in hand (it could not start): try again later, not in a tight loop.
      setTimeout(() => this.respawn(), RESPAWN_DELAY_MS).unref();
    } else this.respawn();
  }

  private replaceSpare(): void {
    const broken = this.spare;
    this.spare = undefined;
    if (broken) void this.retire(broken);
    setTimeout(() => {
      if (!this.closing && !this.spare) this.spare = this.spawn();
    }, RESPAWN_DELAY_MS).unref();
  }

  private respawn(): void {
    if (this.closing && this.totalInFlight() === 0) return;
    const spare = this.spare;
    if (spare && !this.closing) {
      this.threads.add(spare);
      this.spare = this.spawn();
    } else this.threads.add(this.spawn());
    this.dispatch();
  }

  private async retire(thread: Thread): Promise<void> {
    thread.worker.removeAllListeners();
    thread.worker.on("error", () => {}); // it is being terminated; nothing more to hear
    await thread.worker.terminate();
  }
}

const tooCostly = (reason: string) => new ImageRejected(ErrorCode.IMAGE_TOO_LARGE, `The image ${reason}; send a smaller or simpler image`);

type PoolConfig = Pick<Config, "preprocessThreads" | "imageTimeoutMs" | "imageWorkerMemoryMb" | "imagesInFlightPerClient">;

/**
 * The image pool as the server configures it, on the worker module beside this file (TypeScript
 * under tsx, JavaScript when built).
 */
export function workerPreparer(config: PoolConfig): ImagePool {
  const typescript = import.meta.url.endsWith(".ts");
  return new ImagePool(new URL(`./image.worker.${typescript ? "ts" : "js"}`, import.meta.url), {
    threads: config.preprocessThreads,
    timeoutMs: config.imageTimeoutMs,
    memoryMb: config.imageWorkerMemoryMb,
    perClientLimit: config.imagesInFlightPerClient,
  });
}
