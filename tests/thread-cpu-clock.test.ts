import { describe, expect, it } from "vitest";
import { currentOsThreadId, threadCpuMs } from "../api/src/inference/thread-cpu-clock.ts";

/** Processor time this thread used while `work` ran. */
function cpuDuring(work: () => void): number {
  const tid = currentOsThreadId();
  const before = threadCpuMs(tid)!;
  work();
  return threadCpuMs(tid)! - before;
}

describe.runIf(process.platform === "linux")("thread processor clock", () => {
  it("counts the time a thread computes and not the time it waits", () => {
    expect(currentOsThreadId()).toBeGreaterThan(0);
    const spun = cpuDuring(() => {
      const end = performance.now() + 150;
      while (performance.now() < end);
    });
    const slept = cpuDuring(() => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 150));
    expect(spun).toBeGreaterThan(50);
    expect(slept).toBeLessThan(30);
  });

  it("knows nothing of a thread that does not exist", () => {
    expect(threadCpuMs(0)).toBeUndefined();
    expect(threadCpuMs(2 ** 31 - 1)).toBeUndefined();
  });
});
