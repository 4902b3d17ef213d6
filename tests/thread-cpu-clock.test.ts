import { describe, expect, it } from "vitest";
import { currentOsThreadId, threadCpuMs } from "../api/src/inference/thread-cpu-clock.ts";

describe.runIf(process.platform === "linux")("thread processor clock", () => {
  it("counts the time a thread computes and not the time it waits", () => {
    const tid = currentOsThreadId();
    expect(tid).toBeGreaterThan(0);
    // Computing: the clock moves on (however little of a core this thread gets on a busy
    // machine), and never faster than the wall clock. The kernel brings a running thread's
    // total up to date at scheduler ticks, so a reading may lag by one tick (10 ms at the
    // coarsest kernel setting): that is the slack, far below the 50 ms measured.
    const wallStart = performance.now(), cpuStart = threadCpuMs(tid)!;
    while (threadCpuMs(tid)! - cpuStart < 50 && performance.now() - wallStart < 10_000);
    const computed = threadCpuMs(tid)! - cpuStart;
    expect(computed).toBeGreaterThanOrEqual(50);
    const schedulerTickMs = 10;
    expect(computed).toBeLessThanOrEqual(performance.now() - wallStart + schedulerTickMs);
    // Waiting: it hardly moves.
    const beforeWait = threadCpuMs(tid)!;
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 150);
    expect(threadCpuMs(tid)! - beforeWait).toBeLessThan(30);
  });

  it("knows nothing of a thread that does not exist", () => {
    expect(threadCpuMs(0)).toBeUndefined();
    expect(threadCpuMs(2 ** 31 - 1)).toBeUndefined();
  });
});
