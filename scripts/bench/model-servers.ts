import path from "node:path";
import { startApiProcess, type ApiProcess } from "../lib/api-process.ts";
import { buildIfStale, COMPILED_SERVER } from "../lib/fresh-build.ts";
import { createThrowawayDatabase } from "../lib/postgres.ts";
import { benchImages, predictRequests } from "./drawings.ts";
import { loadTest, type LoadResult } from "./load.ts";
import { settle } from "./quiet.ts";

export interface ModelServers {
  /** Waits until the servers' databases have written out the last load run and the CPU is idle. */
  quiet(): Promise<void>;
  /** `predictDigit` at 32 connections for `seconds` against folder `index`'s server, started on a quiet machine. */
  load(index: number, seconds: number): Promise<LoadResult>;
  close(): Promise<void>;
}

/**
 * One compiled server per model folder, all running at once, each on its own throwaway
 * database. Only the one under load is busy, so folders measured in turn share the machine's
 * speed of that minute, as the inference costs do.
 */
export async function startModelServers(dirs: string[]): Promise<ModelServers> {
  buildIfStale("api");
  const requests = predictRequests(await benchImages());
  const started: { api: ApiProcess; db: Awaited<ReturnType<typeof createThrowawayDatabase>> }[] = [];
  const close = async () => {
    await Promise.all(started.map(async ({ api, db }) => { await api.stop(); await db.drop(); }));
  };
  try {
    for (const dir of dirs) {
      const db = await createThrowawayDatabase("digits_bench_models");
      const env = { DATABASE_URL: db.url, MODEL_DIR: path.resolve(dir) };
      try {
        started.push({ db, api: await startApiProcess(env, 60_000, { command: ["node", COMPILED_SERVER] }) });
      } catch (error) {
        await db.drop();
        throw error;
      }
    }
  } catch (error) {
    await close();
    throw error;
  }
  // CHECKPOINT writes out the whole cluster, so one database's URL is enough.
  const quiet = () => settle(started[0]!.db.url);
  return {
    quiet,
    async load(index, seconds) {
      await quiet();
      return loadTest(started[index]!.api.url, requests, 32, seconds);
    },
    close,
  };
}
