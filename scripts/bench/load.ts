import { spawn } from "node:child_process";
import { writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";

export interface LoadResult {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  total: number;
  ok2xx: number;
  errors: number;
}

const autocannonBin = path.join(path.dirname(createRequire(import.meta.url).resolve("autocannon/package.json")), "autocannon.js");

/** Load from a separate process: the autocannon CLI, POSTing one JSON body, for `seconds`. */
export async function loadTest(url: string, body: unknown, connections: number, seconds: number): Promise<LoadResult> {
  const file = path.join(os.tmpdir(), `bench-body-${process.pid}-${connections}.json`);
  await writeFile(file, JSON.stringify(body));
  const args = [autocannonBin, "-c", String(connections), "-d", String(seconds), "-m", "POST", "-H", "content-type=application/json", "-i", file, "--json", url];
  const output = await new Promise<string>((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (chunk) => { out += chunk; });
    child.on("exit", (code) => (code === 0 ? resolve(out) : reject(new Error(`autocannon exited with ${code}`))));
  });
  const json = JSON.parse(output) as {
    requests: { average: number; total: number };
    latency: { p50: number; p99: number };
    "2xx": number;
    errors: number;
    non2xx: number;
  };
  return {
    requestsPerSecond: json.requests.total / seconds,
    p50: json.latency.p50,
    p99: json.latency.p99,
    total: json.requests.total,
    ok2xx: json["2xx"],
    errors: json.errors + json.non2xx,
  };
}
