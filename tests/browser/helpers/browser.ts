import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import { repoRoot } from "../../../api/src/config.ts";
import { startTestServer, type TestServer } from "../../helpers/test-server.ts";

/** Headless, no GPU, and nothing fetched in the background: the browser tests run offline. */
export const CHROMIUM_ARGS = [
  "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync",
];

/** Debian's chromium (or CHROMIUM_PATH), driven by playwright-core: playwright's own browsers are never downloaded. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args: CHROMIUM_ARGS });
}

/** The browser tests drive the built client that the server serves; say so plainly when it is missing. */
export function requireBuiltClient(): void {
  const index = path.join(repoRoot, "client", "dist", "index.html");
  if (!existsSync(index)) {
    throw new Error(`${index} is missing: build the client first (\`npm run build -w client\`; \`npm test\` does it).`);
  }
}

export const artifactsDir = path.join(repoRoot, "test-artifacts");

export interface ServerAndBrowser {
  server: TestServer;
  browser: Browser;
}

/**
 * The real server (embedded database) and Chromium for one test file: started before its tests
 * (with the built client checked and the artifacts folder made), stopped after. Read the fields
 * inside tests and hooks, once they are set.
 */
export function serverAndBrowser(env: Record<string, string> = {}): ServerAndBrowser {
  const rig = {} as ServerAndBrowser;
  beforeAll(async () => {
    requireBuiltClient();
    mkdirSync(artifactsDir, { recursive: true });
    [rig.server, rig.browser] = await Promise.all([startTestServer(env), launchChromium()]);
  });
  afterAll(async () => {
    await rig.browser?.close();
    await rig.server?.stop();
  });
  return rig;
}
