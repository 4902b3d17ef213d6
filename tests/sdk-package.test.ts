import { execFile } from "node:child_process";
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot } from "../api/src/config.ts";
import { canvasOfDigit, indicesByDigit } from "./helpers/fixtures.ts";
import { startTestServer, type TestServer } from "./helpers/test-server.ts";

const run = promisify(execFile);
const versionOf = async (name: string) => (JSON.parse(await readFile(path.join(repoRoot, "node_modules", name, "package.json"), "utf8")) as { version: string }).version;

/** The README's client example, exactly as printed there. */
async function readmeExample(): Promise<string> {
  const readme = await readFile(path.join(repoRoot, "README.md"), "utf8");
  const match = /<!-- sdk-example[^>]*-->\n```ts\n([\s\S]*?)\n```/.exec(readme);
  if (!match) throw new Error("README.md has no sdk-example block");
  return match[1]!;
}

describe("the client package, from a project outside the repository", () => {
  let server: TestServer;
  let dir: string;

  beforeAll(async () => {
    [server, dir] = await Promise.all([startTestServer(), mkdtemp(path.join(os.tmpdir(), "digits-sdk-"))]);
  });
  afterAll(async () => {
    await server?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("installs from its packed tarball, type-checks the README's example and runs it against the API", async () => {
    // npm pack builds it (prepack) and writes the tarball a user would install.
    await run("npm", ["pack", "-w", "client/sdk", "--pack-destination", dir], { cwd: repoRoot });
    const tarball = (await readdir(dir)).find((f) => f.endsWith(".tgz"))!;
    expect(tarball).toMatch(/^digits-sdk-.*\.tgz$/);

    const project = path.join(dir, "project");
    await mkdir(project);
    const pkg = {
      name: "uses-digits",
      private: true,
      type: "module",
      dependencies: { "@digits/sdk": `file:../${tarball}`, ws: await versionOf("ws") },
      devDependencies: { "@types/node": await versionOf("@types/node"), "@types/ws": await versionOf("@types/ws") },
    };
    const tsconfig = { compilerOptions: { target: "ES2022", module: "NodeNext", moduleResolution: "NodeNext", strict: true, outDir: "out", skipLibCheck: false }, include: ["example.ts"] };
    await Promise.all([
      writeFile(path.join(project, "package.json"), JSON.stringify(pkg, null, 2)),
      writeFile(path.join(project, "tsconfig.json"), JSON.stringify(tsconfig, null, 2)),
      writeFile(path.join(project, "example.ts"), await readmeExample()),
    ]);
    // Everything it needs is in npm's cache after the repository's own install.
    await run("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: project });
    // Type-checked against the package's own .d.ts files, not this repository's sources.
    await run(path.join(repoRoot, "node_modules", ".bin", "tsc"), ["-p", "."], { cwd: project });

    const seven = indicesByDigit()[7]!;
    await writeFile(path.join(project, "seven.png"), (await canvasOfDigit(seven)).png);
    const { stdout } = await run("node", ["out/example.js", "seven.png", "7"], { cwd: project, env: { ...process.env, API_URL: server.url } });
    const lines = stdout.trim().split("\n");
    expect(lines[0]).toMatch(/^read as 7 \(CONFIDENT\), \d+\.\d% sure$/);
    expect(lines[1]).toBe("labeled 7: right");
    const stored = /^image stored as (\d+)$/.exec(lines[2]!)![1]!;
    expect(lines[3]).toBe("image 1 refused: INVALID_IMAGE");
    // This server's only predictions: the drawing, then the batch's good image (newest first).
    const first = String(Number(stored) - 1);
    expect(lines[4]).toBe(`history: ${stored}, ${first}`);
    expect(lines[5]).toBe("2 predictions, 1 of 1 labeled digits right");
    expect(lines[6]).toMatch(/^refused: BAD_USER_INPUT \(HTTP \d{3}\)$/);
    // The subscription, taken before the first prediction, saw both.
    expect(lines[7]).toBe(`live: ${first}, ${stored}`);
    expect(lines).toHaveLength(8);
  });
});
