import { spawn, type ChildProcess } from "node:child_process";
import net from "node:net";
import { repoRoot } from "../../api/src/config.ts";

export interface ApiProcess {
  url: string;
  origin: string;
  child: ChildProcess;
  output: () => string;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts the API as its own OS process and waits until it is ready: by default the source under
 * tsx; `command` and `cwd` run something else (e.g. a built image's CMD).
 */
export async function startApiProcess(
  env: Record<string, string>,
  timeoutMs = 60_000,
  run: { cwd?: string; command?: string[] } = {},
): Promise<ApiProcess> {
  const port = env.PORT && env.PORT !== "4000" ? Number(env.PORT) : await freePort();
  const [command, ...args] = run.command ?? [process.execPath, "--import", "tsx", "api/src/main.ts"];
  const child = spawn(command === "node" ? process.execPath : command!, args, {
    cwd: run.cwd ?? repoRoot,
    // NODE_ENV=test (set by vitest) changes Apollo's behaviour: run as in production.
    env: { ...process.env, NODE_ENV: "production", HOST: "127.0.0.1", LOG_LEVEL: "warn", RATE_LIMIT_PER_MINUTE: "0", ...env, PORT: String(port) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (chunk) => { output += chunk; });
  child.stderr!.on("data", (chunk) => { output += chunk; });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`API did not start in ${timeoutMs} ms:\n${output}`)), timeoutMs);
    const check = () => {
      if (/ready in \d+ ms/.test(output)) { clearTimeout(timer); resolve(); }
    };
    child.stdout!.on("data", check);
    void exited.then((code) => { clearTimeout(timer); reject(new Error(`API exited with ${code} before it was ready:\n${output}`)); });
  });
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    origin: `http://127.0.0.1:${port}`,
    child,
    output: () => output,
    async stop(signal = "SIGTERM") {
      if (child.exitCode === null) child.kill(signal);
      return exited;
    },
  };
}
