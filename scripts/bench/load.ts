import { spawn, spawnSync } from "node:child_process";
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

/** wrk (C, Debian package) takes far less of the CPU it shares with the server than autocannon (JavaScript). */
export const loadTool = spawnSync("wrk", ["--version"]).error ? "autocannon" : "wrk";

function run(command: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (chunk) => { out += chunk; });
    child.on("exit", (code) => (code === 0 ? resolve(out) : reject(new Error(`${command} exited with ${code}`))));
  });
}

/** wrk's Lua hooks: POST the bodies in turn, print the summary as one JSON line. */
const wrkScript = (bodyFiles: string[]) => `
local bodies = {}
for _, name in ipairs({ ${bodyFiles.map((f) => JSON.stringify(f)).join(", ")} }) do
  local f = io.open(name, "rb")
  bodies[#bodies + 1] = f:read("*a")
  f:close()
end
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local turn = 0
request = function()
  turn = turn % #bodies + 1
  return wrk.format(nil, nil, nil, bodies[turn])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('BENCH {"total":%d,"p50":%d,"p99":%d,"non2xx":%d,"errors":%d}\\n',
    summary.requests, latency:percentile(50), latency:percentile(99), e.status, e.connect + e.read + e.write + e.timeout))
end
`;

/**
 * Load from a separate process (wrk, else the autocannon CLI) for `seconds`, POSTing the JSON
 * bodies in turn (e.g. the same ten images as the limit rig). The autocannon CLI takes one body:
 * it sends the first only.
 */
export async function loadTest(url: string, bodies: unknown[], connections: number, seconds: number): Promise<LoadResult> {
  const files = bodies.map((_, i) => path.join(os.tmpdir(), `bench-body-${process.pid}-${connections}-${i}.json`));
  await Promise.all(bodies.map((body, i) => writeFile(files[i]!, JSON.stringify(body))));
  const file = files[0]!;
  if (loadTool === "wrk") {
    const script = `${file}.lua`;
    await writeFile(script, wrkScript(files));
    const out = await run("wrk", ["-t1", `-c${connections}`, `-d${seconds}s`, "-s", script, url]);
    const r = JSON.parse(/BENCH (\{.*\})/.exec(out)![1]!) as { total: number; p50: number; p99: number; non2xx: number; errors: number };
    return { requestsPerSecond: r.total / seconds, p50: r.p50 / 1000, p99: r.p99 / 1000, total: r.total, ok2xx: r.total - r.non2xx, errors: r.non2xx + r.errors };
  }
  const output = await run(process.execPath, [autocannonBin, "-c", String(connections), "-d", String(seconds), "-m", "POST", "-H", "content-type=application/json", "-i", file, "--json", url]);
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
