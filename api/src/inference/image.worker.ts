/**
 * An image worker thread: decodes and preprocesses the images the pool sends, one at a time, in
 * order. Decoding is synchronous JavaScript, so the pool watches the task id this thread
 * publishes in shared memory and replaces the whole thread when one image runs over its time.
 */
import { parentPort, workerData } from "node:worker_threads";
import { ImageRejected, type ImageRejectionCode } from "./image-rejected.ts";
import type { ImageHeader } from "./image-header.ts";
import { imageToDigit } from "./prepare-image.ts";
import type { MnistDigit } from "./preprocess.ts";
import { currentOsThreadId } from "./thread-cpu-clock.ts";

export interface ImageTask {
  id: number;
  bytes: Uint8Array;
  header: ImageHeader;
}

export type ImageWorkerMessage = ImageTask | { cancel: number };

export type ImageTaskReply =
  | { id: 0; outcome: "ready" }
  | { id: number; outcome: "done"; digit: MnistDigit }
  | { id: number; outcome: "refused"; code: ImageRejectionCode; message: string }
  | { id: number; outcome: "failed"; message: string }
  | { id: number; outcome: "cancelled" };

export interface ImageWorkerData {
  /**
   * Two Int32 slots: the id of the task being worked on (0 when idle), and this thread's id in
   * the operating system (0 when unknown), by which the pool reads its processor time.
   */
  running: SharedArrayBuffer;
  /** This module's own URL (for the entry file that loads it under tsx). */
  entry: string;
}

const port = parentPort!;
const running = new Int32Array((workerData as ImageWorkerData).running);
Atomics.store(running, 1, currentOsThreadId());
const queue: ImageTask[] = [];
let busy = false;

/** A 16x16 PNG with a dot of ink, decoded once before any task. */
const WARM_UP_PNG = "iVBORw0KGgoAAAANSUhEUgAAABAAAAAQCAAAAAA6mKC9AAAALklEQVR4AV3BsQ3AMAzAMFno/y87SLeInOUlISEhIfHxG2C5JCQkZnlJSEhISBwkrAMfWZk84AAAAABJRU5ErkJggg==";

/**
 * The decoder's first call loads lazily imported modules and compiles its hot loops; doing
 * that here, outside any task, keeps it off the first image's time budget.
 */
const warmedUp = imageToDigit(Buffer.from(WARM_UP_PNG, "base64"), { format: "png", width: 16, height: 16 })
  .catch(() => undefined)
  .then(() => reply({ id: 0, outcome: "ready" }));

const reply = (message: ImageTaskReply, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);

port.on("message", (message: ImageWorkerMessage) => {
  if ("cancel" in message) {
    const at = queue.findIndex((task) => task.id === message.cancel);
    if (at >= 0) {
      queue.splice(at, 1);
      reply({ id: message.cancel, outcome: "cancelled" });
    }
    return;
  }
  queue.push(message);
  if (!busy) void work();
});

async function work(): Promise<void> {
  busy = true;
  await warmedUp;
  while (queue.length > 0) {
    const task = queue.shift()!;
    Atomics.store(running, 0, task.id);
    try {
      const digit = await imageToDigit(task.bytes, task.header);
      reply({ id: task.id, outcome: "done", digit }, [digit.pixels.buffer as ArrayBuffer]);
    } catch (error) {
      if (error instanceof ImageRejected) reply({ id: task.id, outcome: "refused", code: error.code, message: error.message });
      else reply({ id: task.id, outcome: "failed", message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
    }
    Atomics.store(running, 0, 0);
  }
  busy = false;
}
