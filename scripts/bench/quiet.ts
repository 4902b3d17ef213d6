import { readFile } from "node:fs/promises";
import pg from "pg";

/** Busy and total CPU time so far, from /proc/stat (Linux); null elsewhere. */
async function cpuTimes(): Promise<{ busy: number; total: number } | null> {
  const stat = await readFile("/proc/stat", "utf8").catch(() => null);
  if (!stat) return null;
  const fields = stat.split("\n")[0]!.trim().split(/\s+/).slice(1).map(Number);
  const idle = fields[3]! + fields[4]!; // idle + iowait
  const total = fields.reduce((a, b) => a + b, 0);
  return { busy: total - idle, total };
}

/**
 * Waits until the machine is quiet before each measured run (limit or load): a load run leaves
 * PostgreSQL writing out thousands of 22 KB rows (checkpoint, autovacuum), and that background
 * work, run beside the next measurement, would slow it down (a limit could read lower than the
 * server's own throughput).
 */
export async function settle(databaseUrl: string, timeoutMs = 15_000): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query("CHECKPOINT");
  } finally {
    await client.end();
  }
  const deadline = performance.now() + timeoutMs;
  let before = await cpuTimes();
  while (before && performance.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    const after = await cpuTimes();
    if (!after) return;
    if ((after.busy - before.busy) / (after.total - before.total) < 0.1) return; // under 10 % busy
    before = after;
  }
}
