import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot } from "../../api/src/config.ts";
import { canvasOfDigit, dataUrl } from "../helpers/fixtures.ts";
import { gql } from "../helpers/graphql.ts";
import { startTestServer, type TestServer } from "../helpers/test-server.ts";
import { artifactsDir as artifacts, launchChromium } from "./helpers/browser.ts";

const ideIndex = path.join(repoRoot, "client", "dist-ide", "index.html");
const LOCAL_HOSTS = new Set(["127.0.0.1", "localhost", "[::1]"]);

/** Everything the page tried that went off this machine, failed, or was answered with an error. */
interface Traffic { blocked: string[]; failed: string[]; errorResponses: string[]; pageErrors: string[]; sockets: string[]; workers: string[] }

async function openTracked(browser: Browser, url: string): Promise<{ page: Page; traffic: Traffic }> {
  const traffic: Traffic = { blocked: [], failed: [], errorResponses: [], pageErrors: [], sockets: [], workers: [] };
  const context = await browser.newContext({ viewport: { width: 1400, height: 860 } });
  const page = await context.newPage();
  // Offline for real: anything not on this machine is aborted and recorded.
  await context.route("**/*", (route) => {
    const url = new URL(route.request().url());
    if (["data:", "blob:"].includes(url.protocol) || LOCAL_HOSTS.has(url.hostname)) return route.continue();
    traffic.blocked.push(url.href);
    return route.abort("blockedbyclient");
  });
  // net::ERR_ABORTED is the page cancelling a load itself (a reload, Monaco replacing a worker it
  // was still fetching), not the server failing it; answers >= 400 are caught below.
  page.on("requestfailed", (request) => {
    const errorText = request.failure()?.errorText;
    if (!traffic.blocked.includes(request.url()) && errorText !== "net::ERR_ABORTED") traffic.failed.push(`${request.url()} ${errorText}`);
  });
  page.on("response", (response) => {
    if (response.status() >= 400) traffic.errorResponses.push(`${response.status()} ${response.url()}`);
  });
  page.on("pageerror", (error) => traffic.pageErrors.push(String(error)));
  page.on("websocket", (ws) => traffic.sockets.push(ws.url()));
  page.on("worker", (worker) => traffic.workers.push(worker.url()));
  await page.goto(url, { waitUntil: "load" });
  return { page, traffic };
}

/** The text of a Monaco editor (only its rendered lines, which is all of a short response). */
const editorText = (page: Page, selector: string) =>
  page.locator(`${selector} .view-lines`).first().evaluate((el) => (el.textContent ?? "").replace(/\u00a0/g, " "));

const tab = (page: Page, title: string) => page.locator(".graphiql-tab", { hasText: title }).first();

describe("GraphQL IDE (GraphiQL, served by the API, offline)", () => {
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    if (!existsSync(ideIndex)) throw new Error(`${ideIndex} is missing: run npm run build -w client`);
    server = await startTestServer();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("opens at /graphql, runs a query and a live subscription, with no request leaving the machine", async () => {
    const { page, traffic } = await openTracked(browser, `${server.origin}/graphql`);
    await expect(page.title()).resolves.toBe("Digit recognizer — GraphQL IDE");
    const queryEditor = page.locator(".graphiql-query-editor .monaco-editor").first();
    await queryEditor.waitFor({ timeout: 20_000 });

    // The example operations are there as tabs.
    for (const title of ["PredictDigit", "SubmitFeedback", "History", "Stats", "ModelInfo", "PredictionAdded"]) {
      await expect(tab(page, title).count()).resolves.toBe(1);
    }

    // The examples run as they are (SubmitFeedback needs an id from PredictDigit first); the
    // first is run straight away, as a first visitor would, without touching any tab.
    for (const [title, field] of [["PredictDigit", "predictDigit"], ["History", "history"], ["Stats", "stats"]] as const) {
      if (title !== "PredictDigit") await tab(page, title).click();
      await page.locator(".graphiql-execute-button").click();
      await expect.poll(() => editorText(page, ".graphiql-response"), { timeout: 10_000 }).toContain(`"${field}": {`);
      const response = await editorText(page, ".graphiql-response");
      expect(response).not.toContain('"errors"');
      if (title === "PredictDigit") expect(response).toContain('"digit": 7,'); // the example's drawn 7
    }
    expect(await editorText(page, ".graphiql-response")).toContain('"total": 1,'); // the example's prediction

    // A query typed into the editor.
    const expected = (await gql<{ modelInfo: { name: string; version: string } }>(server.url, "{ modelInfo { name version } }")).data!.modelInfo;
    await tab(page, "ModelInfo").click();
    await queryEditor.click();
    await page.keyboard.press("ControlOrMeta+A");
    await page.keyboard.insertText("{ modelInfo { name version } }");
    // Drop whatever the editor auto-closed after the cursor.
    await page.keyboard.press("ControlOrMeta+Shift+End");
    await page.keyboard.press("Delete");
    await expect.poll(() => editorText(page, ".graphiql-query-editor")).toBe("{ modelInfo { name version } }");
    await page.keyboard.press("Control+Enter");
    await expect.poll(() => editorText(page, ".graphiql-response"), { timeout: 10_000 }).toContain(`"name": "${expected.name}"`);
    expect(await editorText(page, ".graphiql-response")).toContain(`"version": "${expected.version}"`);

    // The subscription example, over graphql-ws on the same host; a prediction made elsewhere shows up.
    await tab(page, "PredictionAdded").click();
    await expect.poll(() => editorText(page, ".graphiql-query-editor")).toContain("predictionAdded");
    const subscribed = page.waitForEvent("websocket", { timeout: 10_000 }).then((ws) =>
      ws.waitForEvent("framesent", { predicate: (frame) => String(frame.payload).includes('"subscribe"'), timeout: 10_000 }));
    await page.locator(".graphiql-execute-button").click();
    await subscribed;
    const { png } = await canvasOfDigit(0);
    let shown: string | undefined;
    // The server may take a moment to start listening after the subscribe message: retry a few times.
    for (let attempt = 0; attempt < 5 && !shown; attempt++) {
      const made = await gql<{ predictDigit: { id: string } }>(server.url, "mutation($image: String!) { predictDigit(image: $image) { id } }", { image: dataUrl(png) });
      expect(made.errors).toBeUndefined();
      const id = made.data!.predictDigit.id;
      try {
        await expect.poll(() => editorText(page, ".graphiql-response"), { timeout: 3_000 }).toContain(`"id": "${id}"`);
        shown = id;
      } catch { /* not subscribed yet: predict again */ }
    }
    expect(shown, "the subscription's result pane shows the new prediction").toBeDefined();
    expect(await editorText(page, ".graphiql-response")).toContain('"predictionAdded"');

    await mkdir(artifacts, { recursive: true });
    await page.screenshot({ path: path.join(artifacts, "ide.png") });
    await page.locator(".graphiql-execute-button").click(); // stops the subscription

    // The schema documentation (from introspection) opens.
    await page.locator('.graphiql-sidebar button[aria-label="Show Documentation Explorer"]').click();
    await page.locator(".graphiql-doc-explorer").getByText("Query", { exact: true }).first().waitFor({ timeout: 5_000 });
    await tab(page, "PredictDigit").click();
    await page.screenshot({ path: path.join(artifacts, "ide-docs.png") });

    expect(traffic.blocked, "requests to other hosts").toEqual([]);
    expect(traffic.failed, "failed requests").toEqual([]);
    expect(traffic.errorResponses, "responses >= 400").toEqual([]);
    expect(traffic.pageErrors, "uncaught page errors").toEqual([]);
    expect(traffic.sockets.map((url) => new URL(url).host)).toEqual([new URL(server.origin).host]);
    // Monaco's workers (editor, GraphQL language, JSON) come from the build, under /ide/.
    expect(traffic.workers.length).toBeGreaterThanOrEqual(2);
    for (const url of traffic.workers) expect(url.startsWith(`${server.origin}/ide/assets/`), url).toBe(true);
    await page.context().close();
  });

  it("opens the same IDE at /playground", async () => {
    const { page, traffic } = await openTracked(browser, `${server.origin}/playground`);
    await expect(page.title()).resolves.toBe("Digit recognizer — GraphQL IDE");
    await page.locator(".graphiql-query-editor .monaco-editor").first().waitFor({ timeout: 20_000 });
    await expect(tab(page, "PredictDigit").count()).resolves.toBe(1);
    // Tabs persist in localStorage; the "examples" button brings back the example set.
    await page.locator(".graphiql-tab-add").click();
    await expect.poll(() => page.locator(".graphiql-tab").count()).toBe(7);
    page.once("dialog", (dialog) => void dialog.accept());
    await Promise.all([page.waitForEvent("load"), page.getByRole("button", { name: "examples" }).click()]);
    await page.locator(".graphiql-query-editor .monaco-editor").first().waitFor({ timeout: 20_000 });
    await expect.poll(() => page.locator(".graphiql-tab").count()).toBe(6);
    expect([...traffic.blocked, ...traffic.failed, ...traffic.errorResponses, ...traffic.pageErrors]).toEqual([]);
    await page.context().close();
  });

  it("still answers API clients at /graphql", async () => {
    const posted = await gql<{ modelInfo: { name: string } }>(server.url, "{ modelInfo { name } }");
    expect(posted.status).toBe(200);
    expect(posted.data?.modelInfo.name).toEqual(expect.any(String));

    // A GET that asks for JSON reaches Apollo (which wants a preflight header for GETs), not the IDE.
    const get = await fetch(`${server.origin}/graphql?query=${encodeURIComponent("{ modelInfo { name } }")}`, {
      headers: { accept: "application/json", "apollo-require-preflight": "true" },
    });
    expect(get.headers.get("content-type")).toMatch(/json/);
    expect(((await get.json()) as { data?: { modelInfo?: { name?: string } } }).data?.modelInfo?.name).toBe(posted.data?.modelInfo.name);

    const html = await fetch(`${server.origin}/graphql`, { headers: { accept: "text/html" } });
    expect(html.headers.get("content-type")).toMatch(/html/);
    expect(await html.text()).toContain("Digit recognizer — GraphQL IDE");
  });
});
