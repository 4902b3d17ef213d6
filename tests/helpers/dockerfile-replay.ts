import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync } from "node:fs";
import path from "node:path";

/**
 * Replays a Dockerfile's stages on the host (no Docker engine here): WORKDIR maps to a folder per
 * stage, COPY copies from the build context or an earlier stage, RUN runs with the stage's ENV.
 * What it cannot emulate (FROM images, USER, HEALTHCHECK, CMD) is returned for the caller to run.
 */
export interface Stage {
  name: string;
  dir: string;
  env: Record<string, string>;
  healthcheck?: string[];
  cmd?: string[];
}

interface Instruction { keyword: string; args: string }

export function parseDockerfile(text: string): Instruction[] {
  const logical = text.replace(/\\\n/g, " ").split("\n").map((l) => l.trim()).filter((l) => l && !l.startsWith("#"));
  return logical.map((line) => {
    const [keyword, ...rest] = line.split(/\s+/);
    return { keyword: keyword!.toUpperCase(), args: rest.join(" ") };
  });
}

const jsonArray = (args: string) => JSON.parse(args.replace(/^CMD\s+/, "")) as string[];

export function replayDockerfile(text: string, context: string, workRoot: string, log: (line: string) => void): Stage[] {
  const stages: Stage[] = [];
  let stage: Stage | undefined;
  for (const { keyword, args } of parseDockerfile(text)) {
    if (keyword === "FROM") {
      const name = /\bAS\s+(\S+)/i.exec(args)?.[1] ?? `stage${stages.length}`;
      stage = { name, dir: path.join(workRoot, name), env: {} };
      mkdirSync(stage.dir, { recursive: true });
      stages.push(stage);
      continue;
    }
    if (!stage) throw new Error(`${keyword} before FROM`);
    switch (keyword) {
      case "WORKDIR":
      case "EXPOSE":
      case "USER":
        break;
      case "ENV":
        for (const pair of args.match(/\S+=("[^"]*"|\S+)/g) ?? []) {
          const [key, ...value] = pair.split("=");
          stage.env[key!] = value.join("=").replace(/^"|"$/g, "");
        }
        break;
      case "COPY": {
        const from = /--from=(\S+)/.exec(args)?.[1];
        const parts = args.replace(/--\S+/g, "").trim().split(/\s+/);
        const dest = parts.pop()!.replace(/^\/app\/?/, "");
        const source = from ? stages.find((s) => s.name === from)?.dir : context;
        if (!source) throw new Error(`COPY --from=${from}: no such stage`);
        for (const src of parts) {
          const target = dest.endsWith("/") || dest === "." || dest === "./" || parts.length > 1 ? path.join(stage.dir, dest, path.basename(src)) : path.join(stage.dir, dest);
          cpSync(path.join(source, src.replace(/^\/app\//, "")), target, { recursive: true });
        }
        break;
      }
      case "RUN": {
        log(`[${stage.name}] RUN ${args}`);
        const result = spawnSync("bash", ["-euo", "pipefail", "-c", args], {
          cwd: stage.dir,
          env: { ...process.env, ...stage.env, npm_config_loglevel: "error" },
          encoding: "utf8",
          maxBuffer: 64 * 1024 * 1024,
        });
        if (result.status !== 0) throw new Error(`[${stage.name}] RUN ${args} failed (${result.status}):\n${result.stdout}\n${result.stderr}`);
        break;
      }
      case "HEALTHCHECK":
        stage.healthcheck = JSON.parse(args.slice(args.indexOf("CMD") + 3).trim()) as string[];
        break;
      case "CMD":
        stage.cmd = jsonArray(args);
        break;
      default:
        throw new Error(`Dockerfile instruction ${keyword} is not replayed; extend the replay or avoid it`);
    }
  }
  return stages;
}
