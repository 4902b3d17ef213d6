import { Piscina } from "piscina";

/**
 * A piscina pool for a worker module beside the caller (`name` without extension). Under tsx
 * (dev, tests) the worker is TypeScript too and needs the same loader; built, it is plain .js.
 */
export function workerPool<Task, Result>(callerUrl: string, name: string, threads: number, concurrentTasksPerWorker = 1): Piscina<Task, Result> {
  const typescript = callerUrl.endsWith(".ts");
  const url = new URL(`./${name}${typescript ? ".ts" : ".js"}`, callerUrl);
  return new Piscina<Task, Result>({
    filename: url.href,
    minThreads: threads,
    maxThreads: threads,
    concurrentTasksPerWorker,
    execArgv: typescript ? ["--import", "tsx"] : [],
    idleTimeout: Infinity,
  });
}
