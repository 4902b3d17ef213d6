import { readFileSync, readlinkSync } from "node:fs";

/*
 * Processor time of one thread, read from Linux's /proc. An image's time budget counts the work
 * its decoding did, so that a drawing that waits for a core on a busy machine is not taken for a
 * costly image. Where /proc is missing (macOS, Windows) callers fall back to the wall clock.
 */

/** The calling thread's id in the operating system, or 0 where it cannot be known. */
export function currentOsThreadId(): number {
  try {
    // "<pid>/task/<tid>"
    const tid = Number(readlinkSync("/proc/thread-self").split("/").pop());
    return Number.isSafeInteger(tid) && tid > 0 ? tid : 0;
  } catch {
    return 0;
  }
}

/** Milliseconds of processor time a thread of this process has used, or undefined when unknown. */
export function threadCpuMs(osThreadId: number): number | undefined {
  if (osThreadId <= 0) return undefined;
  try {
    // The first field is the time spent on a core, in nanoseconds.
    const nanoseconds = Number(readFileSync(`/proc/self/task/${osThreadId}/schedstat`, "latin1").split(" ")[0]);
    return Number.isFinite(nanoseconds) ? nanoseconds / 1e6 : undefined;
  } catch {
    return undefined;
  }
}
