import path from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadMnist } from "../../scripts/lib/mnist.ts";
import { renderDigitPng } from "../../scripts/lib/render-canvas.ts";
import { dataUrl } from "../helpers/fixtures.ts";
import { gql } from "../helpers/graphql.ts";
import { artifactsDir, serverAndBrowser } from "./helpers/browser.ts";
import { drawWithMouse, newPrediction, openApp as openAppAt } from "./helpers/page.ts";
import { digitStrokes, firstOfLabel } from "./helpers/strokes.ts";

const mnist = loadMnist("test");
const rig = serverAndBrowser();

/** What the people watching must see within: events arrive in tens of milliseconds. */
const LIVE_MS = 2_000;

async function openApp(context: BrowserContext): Promise<Page> {
  const page = await openAppAt(context, rig.server.origin);
  await page.getByTestId("stat-total").waitFor();
  return page;
}

const shownId = (page: Page) => page.getByTestId("predicted-digit").getAttribute("data-prediction-id");
const historyRow = (page: Page, id: string) => page.getByTestId("history-list").locator(`li[data-prediction-id="${id}"]`);
const firstHistoryId = (page: Page) => page.getByTestId("history-list").locator("li.prediction-row").first().getAttribute("data-prediction-id");
const statTotal = async (page: Page) => Number(await page.getByTestId("stat-total").textContent());
const stored = async (id: string) => (await gql<{ prediction: { id: string; trueLabel: number | null } | null }>(rig.server.url, `{ prediction(id: "${id}") { id trueLabel } }`)).data!.prediction;

async function drawDigit(page: Page, label: number): Promise<string> {
  await page.keyboard.press("Escape");
  await drawWithMouse(page, digitStrokes(mnist, firstOfLabel(mnist, label)));
  expect((await newPrediction(page)).digit).toBe(String(label));
  return (await shownId(page))!;
}

describe("two people watching", () => {
  let contexts: BrowserContext[] = [];
  let drawer: Page;
  let watcher: Page;
  /** The watcher's GraphQL requests over HTTP: following others must not need any. */
  const watcherRequests: string[] = [];

  beforeAll(async () => {
    contexts = await Promise.all([0, 1].map(() => rig.browser.newContext({ viewport: { width: 1280, height: 900 }, reducedMotion: "reduce" })));
    [drawer, watcher] = (await Promise.all(contexts.map(openApp))) as [Page, Page];
    watcher.on("request", (request) => request.url().includes("/graphql") && watcherRequests.push(`${request.method()} ${request.postData() ?? request.url()}`));
  });
  afterAll(async () => {
    await Promise.all(contexts.map((c) => c.close()));
  });

  it("sees another page's prediction, label and cleared drawing in history and statistics at once", async () => {
    const total = await statTotal(watcher);
    const labeled = Number(await watcher.getByTestId("stat-labeled").textContent());

    const kept = await drawDigit(drawer, 3);
    await expect.poll(() => firstHistoryId(watcher), { timeout: LIVE_MS }).toBe(kept);
    await expect.poll(() => statTotal(watcher), { timeout: LIVE_MS }).toBe(total + 1);

    await drawer.getByRole("group", { name: "What digit was it?" }).getByRole("button", { name: "3", exact: true }).click();
    await expect.poll(() => historyRow(watcher, kept).textContent(), { timeout: LIVE_MS }).toContain("Correct");
    await expect.poll(async () => Number(await watcher.getByTestId("stat-labeled").textContent()), { timeout: LIVE_MS }).toBe(labeled + 1);

    // A drawing started and abandoned: the Clear button takes its prediction back, for everyone.
    const abandoned = await drawDigit(drawer, 7);
    await expect.poll(() => firstHistoryId(watcher), { timeout: LIVE_MS }).toBe(abandoned);
    await expect.poll(() => statTotal(watcher), { timeout: LIVE_MS }).toBe(total + 2);
    await drawer.getByRole("button", { name: "Clear" }).click();
    await expect.poll(() => historyRow(watcher, abandoned).count(), { timeout: LIVE_MS }).toBe(0);
    await expect.poll(() => statTotal(watcher), { timeout: LIVE_MS }).toBe(total + 1);
    expect(await stored(abandoned)).toBeNull();
    expect(await stored(kept)).toEqual({ id: kept, trueLabel: 3 });

    expect(watcherRequests, "GraphQL requests the watching page made").toEqual([]);
    await watcher.screenshot({ path: path.join(artifactsDir, "live-watcher.png"), fullPage: true });
  });

  it("leaves no trace of a drawing undone back to an empty canvas", async () => {
    const total = await statTotal(drawer);
    // A 7 is one stroke: one undo empties the canvas.
    const id = await drawDigit(drawer, 7);
    await drawer.keyboard.press("Control+z");
    await expect.poll(() => drawer.getByTestId("predicted-digit").textContent()).toBe("");
    await expect.poll(() => stored(id)).toBeNull();
    await expect.poll(() => historyRow(watcher, id).count(), { timeout: LIVE_MS }).toBe(0);
    await expect.poll(() => statTotal(drawer)).toBe(total);
  });

  it("opens a past prediction from history, shows what the model saw, and labels it there", async () => {
    // Someone's earlier, unlabeled drawing: a script's 4.
    const index = firstOfLabel(mnist, 4);
    const image = dataUrl(await renderDigitPng(mnist, index, { size: 280, scale: 8, x: 28, y: 28, style: "black-on-white" }));
    const made = await gql<{ predictDigit: { id: string; digit: number } }>(rig.server.url, "mutation($image: String!) { predictDigit(image: $image) { id digit } }", { image });
    const { id, digit } = made.data!.predictDigit;
    await expect.poll(() => historyRow(watcher, id).count(), { timeout: LIVE_MS }).toBe(1);

    await historyRow(watcher, id).getByRole("button").click();
    const dialog = watcher.getByRole("dialog");
    await expect.poll(() => dialog.getByRole("heading").first().textContent()).toContain(`Read as ${digit}`);
    const modelView = dialog.getByRole("img", { name: /as the model saw it/ });
    await expect.poll(() => modelView.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(28);
    await expect.poll(() => dialog.getByRole("list", { name: "Probability of each digit" }).locator("li").count()).toBe(10);
    expect(await dialog.getByText(/Model version/).count()).toBe(1);

    const answer = digit === 4 ? 9 : 4; // say it was something else: a correction
    await dialog.getByRole("group", { name: "What digit was it?" }).getByRole("button", { name: String(answer), exact: true }).click();
    await expect.poll(async () => (await stored(id))?.trueLabel).toBe(answer);
    await expect.poll(() => historyRow(watcher, id).textContent()).toContain(`was ${answer}`);
    await watcher.screenshot({ path: path.join(artifactsDir, "history-detail.png") });
    await watcher.keyboard.press("Escape");
    await expect.poll(() => watcher.getByRole("dialog").count()).toBe(0);
  });
});

describe("a server restart", () => {
  it("sends a prediction that failed while the server was down again once it is back, without a new stroke", async () => {
    const context = await rig.browser.newContext({ viewport: { width: 1280, height: 900 }, reducedMotion: "reduce" });
    try {
      const page = await openApp(context);
      await rig.server.down();
      await page.locator(".connection.is-offline").waitFor();
      await drawWithMouse(page, digitStrokes(mnist, firstOfLabel(mnist, 2)));
      await expect.poll(() => page.getByTestId("prediction-status").textContent()).toContain("Cannot reach the server");
      await expect(page.getByRole("button", { name: "Retry" }).isVisible()).resolves.toBe(true);

      await rig.server.up();
      await expect.poll(() => page.getByTestId("predicted-digit").textContent(), { timeout: 20_000 }).toBe("2");
      const id = (await shownId(page))!;
      expect(await stored(id)).toEqual({ id, trueLabel: null });
      await expect.poll(() => firstHistoryId(page)).toBe(id);
      expect(await page.getByRole("button", { name: "Retry" }).count()).toBe(0);
    } finally {
      await context.close();
    }
  });
});
