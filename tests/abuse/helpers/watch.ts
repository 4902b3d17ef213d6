import { readFileSync } from "node:fs";
import http from "node:http";

/*
 * What every attack in the abuse suite is judged by: while it runs, a normal user on another
 * address still gets answers quickly, and the server's memory stays bounded.
 */

export interface BystanderReport {
  /** Milliseconds per answered prediction. */
  latencies: number[];
  /** Whatever was not a stored prediction: error codes, statuses, network errors. */
  failures: string[];
  /** Ids of the predictions answered, to check that each was kept. */
  ids: string[];
}

export interface Bystander {
  stop(): Promise<BystanderReport>;
}

export interface PostResult {
  status: number;
  body: string;
}

/** One JSON POST from a chosen local address (loopback has all of 127.0.0.0/8: distinct clients). */
export function postFrom(url: string, body: unknown, localAddress: string, headers: Record<string, string> = {}): Promise<PostResult> {
  const payload = Buffer.from(JSON.stringify(body));
  return new Promise((resolve, reject) => {
    const req = http.request(url, {
      method: "POST",
      localAddress,
      agent: false,
      headers: { "content-type": "application/json", "content-length": String(payload.length), ...headers },
    });
    responseOf(req).then(resolve, reject);
    req.end(payload);
  });
}

/** The status and whole body of a request's response (the request is sent by the caller). */
export function responseOf(req: http.ClientRequest): Promise<PostResult> {
  return new Promise((resolve, reject) => {
    req.on("response", (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }));
      res.on("error", reject);
    });
    req.on("error", reject);
  });
}

const PREDICT = "mutation($image: String!) { predictDigit(image: $image) { id digit } }";

/** A normal user predicting one drawing after another from `localAddress` until stopped. */
export function startBystander(url: string, image: string, localAddress = "127.0.0.2"): Bystander {
  const report: BystanderReport = { latencies: [], failures: [], ids: [] };
  let running = true;
  const loop = (async () => {
    while (running) {
      const started = performance.now();
      try {
        const { status, body } = await postFrom(url, { query: PREDICT, variables: { image } }, localAddress);
        const parsed = JSON.parse(body) as { data?: { predictDigit?: { id: string } } | null; errors?: Array<{ extensions?: { code?: string } }> };
        if (status === 200 && parsed.data?.predictDigit?.id) {
          report.latencies.push(performance.now() - started);
          report.ids.push(parsed.data.predictDigit.id);
        }
        else report.failures.push(`${status} ${parsed.errors?.map((e) => e.extensions?.code).join(",") ?? body.slice(0, 80)}`);
      } catch (error) {
        report.failures.push(String((error as Error).message));
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return report;
    },
  };
}

/** The p-th percentile (0..100) of some numbers. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** Resident memory of a process in bytes, from /proc. */
export function rssOf(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return match ? Number(match[1]) * 1024 : 0;
}

export interface RssWatch {
  /** Stops sampling; the highest RSS seen. */
  stop(): number;
}

/** Samples a process's RSS every 50 ms and keeps the peak. */
export function watchRss(pid: number): RssWatch {
  let peak = rssOf(pid);
  const timer = setInterval(() => {
    try {
      peak = Math.max(peak, rssOf(pid));
    } catch {
      // the process has exited; its peak is what we saw
    }
  }, 50);
  return {
    stop() {
      clearInterval(timer);
      return peak;
    },
  };
}

/** Waits until RSS settles within `slackBytes` of `baseline` or the time is up; returns the last reading. */
export async function rssAfterSettling(pid: number, baseline: number, slackBytes: number, timeoutMs = 15_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  let rss = rssOf(pid);
  while (rss > baseline + slackBytes && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    rss = rssOf(pid);
  }
  return rss;
}

export const MB = 1024 * 1024;
