import { existsSync } from "node:fs";
import path from "node:path";
import { chromium, type Browser } from "playwright-core";
import { repoRoot } from "../../../api/src/config.ts";

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
