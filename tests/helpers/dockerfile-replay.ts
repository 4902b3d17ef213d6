import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, readdirSync } from "node:fs";
import path from "node:path";

/**
 * .dockerignore as Docker reads it: one pattern a line (# starts a comment), relative to the
 * context root whether or not it starts with /, with * and ? inside one path segment, ** across
 * any number of them and [...] classes; a pattern also matches everything under a folder it
 * matches; ! re-includes; the last pattern that matches a path decides.
 */
interface IgnorePattern { negate: boolean; source: string; regex: RegExp }

function globToRegExp(glob: string): RegExp {
  let re = "";
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === "*" && glob[i + 1] === "*") {
      i++;
      if (glob[i + 1] === "/") {
        i++;
        re += "(?:.*/)?";
      } else {
        re += ".*";
      }
    } else if (c === "*") {
      re += "[^/]*";
    } else if (c === "?") {
      re += "[^/]";
    } else if (c === "[" && glob.indexOf("]", i + 2) > 0) {
      const end = glob.indexOf("]", i + 2);
      const body = glob.slice(i + 1, end);
      re += `[${body.startsWith("^") || body.startsWith("!") ? `^${body.slice(1)}` : body}]`;
      i = end;
    } else if (c === "\\" && i + 1 < glob.length) {
      re += glob[++i]!.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
    } else {
      re += c.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
    }
  }
  return new RegExp(`^${re}$`);
}

export function parseDockerignore(text: string): IgnorePattern[] {
  return text.split(/\r?\n/).map((line) => line.trim()).filter((line) => line && !line.startsWith("#")).map((line) => {
    const negate = line.startsWith("!");
    const source = path.posix.normalize((negate ? line.slice(1) : line).trim()).replace(/^\/+|\/+$/g, "");
    return { negate, source, regex: globToRegExp(source) };
  });
}

/** Whether the build context leaves out `file` (a /-separated path relative to the context root). */
export function isDockerignored(patterns: IgnorePattern[], file: string): boolean {
  const segments = file.split("/");
  const paths = segments.map((_, i) => segments.slice(0, i + 1).join("/"));
  let ignored = false;
  for (const pattern of patterns) {
    if (paths.some((p) => pattern.regex.test(p))) ignored = !pattern.negate;
  }
  return ignored;
}

/** Whether some ! pattern may re-include a path under `dir`, so an ignored folder must still be walked. */
function mayReinclude(patterns: IgnorePattern[], dir: string): boolean {
  const depth = dir.split("/").length;
  return patterns.some(({ negate, source }) => {
    if (!negate) return false;
    const segments = source.split("/");
    if (segments.slice(0, depth).includes("**")) return true;
    return segments.length > depth && isPrefixMatch(segments.slice(0, depth), dir.split("/"));
  });
}

const isPrefixMatch = (globs: string[], names: string[]) => globs.every((glob, i) => globToRegExp(glob).test(names[i]!));

/** The files (relative, /-separated) that `docker build` sends from `root` under these rules. */
export function buildContextFiles(root: string, dockerignore: string): string[] {
  const patterns = parseDockerignore(dockerignore);
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(path.join(root, dir), { withFileTypes: true })) {
      const rel = dir ? `${dir}/${entry.name}` : entry.name;
      const ignored = isDockerignored(patterns, rel);
      if (entry.isDirectory()) {
        if (!ignored || mayReinclude(patterns, rel)) walk(rel);
      } else if (!ignored) {
        files.push(rel);
      }
    }
  };
  walk("");
  return files.sort();
}

/** Copies the build context of `root` into `dest` (which need not exist); returns its files. */
export function copyBuildContext(root: string, dockerignore: string, dest: string): string[] {
  const files = buildContextFiles(root, dockerignore);
  for (const file of files) cpSync(path.join(root, file), path.join(dest, file), { verbatimSymlinks: true });
  return files;
}

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

/**
 * The stages the last one needs, as BuildKit builds them for the default target: the last stage
 * and, transitively, every stage it starts FROM or COPYs --from.
 */
export function neededStages(instructions: Instruction[]): Set<string> {
  const deps = new Map<string, Set<string>>();
  let current = "";
  let index = 0;
  for (const { keyword, args } of instructions) {
    if (keyword === "FROM") {
      current = /\bAS\s+(\S+)/i.exec(args)?.[1] ?? `stage${index}`;
      index++;
      deps.set(current, new Set([args.split(/\s+/)[0]!]));
    } else if (keyword === "COPY") {
      const from = /--from=(\S+)/.exec(args)?.[1];
      if (from) deps.get(current)?.add(from);
    }
  }
  const needed = new Set<string>();
  const visit = (name: string) => {
    if (needed.has(name) || !deps.has(name)) return;
    needed.add(name);
    for (const dep of deps.get(name)!) visit(dep);
  };
  visit(current);
  return needed;
}

export function replayDockerfile(text: string, context: string, workRoot: string, log: (line: string) => void): Stage[] {
  const instructions = parseDockerfile(text);
  const needed = neededStages(instructions);
  const stages: Stage[] = [];
  let stage: Stage | undefined;
  let skipping = false;
  for (const { keyword, args } of instructions) {
    if (keyword === "FROM") {
      const name = /\bAS\s+(\S+)/i.exec(args)?.[1] ?? `stage${stages.length}`;
      stage = { name, dir: path.join(workRoot, name), env: {} };
      skipping = !needed.has(name);
      if (skipping) log(`[${name}] not needed by the last stage: skipped`);
      mkdirSync(stage.dir, { recursive: true });
      // FROM an earlier stage starts from its files and environment.
      const base = stages.find((s) => s.name === args.split(/\s+/)[0]);
      if (base && !skipping) {
        cpSync(base.dir, stage.dir, { recursive: true, verbatimSymlinks: true });
        stage.env = { ...base.env };
      }
      stages.push(stage);
      continue;
    }
    if (skipping) continue;
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
          // The replay installs from the npm cache the host's own install filled; asking the
          // registry whether each package is still current is not what it checks.
          env: { ...process.env, ...stage.env, npm_config_loglevel: "error", npm_config_prefer_offline: "true" },
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
