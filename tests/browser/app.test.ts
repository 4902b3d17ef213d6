import path from "node:path";
import type { BrowserContext, Page, WebSocketRoute } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadMnist } from "../../scripts/lib/mnist.ts";
import { renderDigitPng } from "../../scripts/lib/render-canvas.ts";
import { dataUrl } from "../helpers/fixtures.ts";
import { gql } from "../helpers/graphql.ts";
import { artifactsDir, serverAndBrowser } from "./helpers/browser.ts";
import { drawWithMouse, drawWithTouch, newPrediction, openApp as openAppAt, problemsOf, swipe } from "./helpers/page.ts";
import { digitStrokes, firstOfLabel } from "./helpers/strokes.ts";

const mnist = loadMnist("test");
/** The first test-set example of each: distinct shapes, all drawn from traced pen strokes. */
const DIGITS = [0, 1, 2, 3, 7];
/** An MNIST test digit as a script would send it: a 280 px canvas PNG as a data URL. */
const scriptImage = async (index: number) => dataUrl(await renderDigitPng(mnist, index, { size: 280, scale: 8, x: 28, y: 28, style: "black-on-white" }));

const rig = serverAndBrowser();

const openApp = (context: BrowserContext) => openAppAt(context, rig.server.origin);

const predicted = (page: Page) => page.getByTestId("predicted-digit");
const digitButton = (page: Page, d: number) => page.getByRole("group", { name: "What digit was it?" }).getByRole("button", { name: String(d), exact: true });
const historyRows = (page: Page) => page.getByTestId("history-list").locator("li.prediction-row");
/** Where the History heading sits in the document: anything above it changing size moves it. */
const historyTop = (page: Page) => page.evaluate(() => document.getElementById("history-heading")!.getBoundingClientRect().top + window.scrollY);

describe("the client in a desktop browser", () => {
  let context: BrowserContext;
  let page: Page;
  const latencies: number[] = [];

  beforeAll(async () => {
    context = await rig.browser.newContext({ viewport: { width: 1280, height: 900 }, reducedMotion: "reduce" });
    page = await openApp(context);
  });
  afterAll(() => context?.close());

  it("reads five drawn digits as each drawing ends, without a button", async () => {
    await expect.poll(() => predicted(page).textContent()).toBe("");
    for (const [n, label] of DIGITS.entries()) {
      // Alternate the two ways of clearing: the Clear button and the Escape shortcut.
      if (n % 2) await page.getByRole("button", { name: "Clear" }).click();
      else await page.keyboard.press("Escape");
      await expect.poll(() => predicted(page).textContent()).toBe("");
      await drawWithMouse(page, digitStrokes(mnist, firstOfLabel(mnist, label)));
      const { digit, latencyMs } = await newPrediction(page);
      expect(digit, `MNIST test digit ${label} drawn with the mouse`).toBe(String(label));
      latencies.push(latencyMs);
    }
    console.log(`stroke end -> digit shown (desktop, includes the debounce): ${latencies.map((t) => t.toFixed(0)).join(", ")} ms`);
    // The 28x28 picture the model read, on request.
    await page.getByText("What the model saw").click();
    const seen = page.getByRole("img", { name: /as the model saw it/ });
    await expect.poll(() => seen.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(28);
    await page.screenshot({ path: path.join(artifactsDir, "desktop.png"), fullPage: true });
  });

  it("takes feedback and shows it in history and statistics", async () => {
    const last = DIGITS.at(-1)!;
    const wrong = (last + 1) % 10;
    const total = (await gql<{ stats: { total: number } }>(rig.server.url, "{ stats { total } }")).data!.stats.total;
    await expect.poll(() => page.getByTestId("stat-total").textContent()).toBe(String(total));

    await digitButton(page, last).click();
    await expect(page.getByTestId("feedback-verdict").textContent()).resolves.toContain("Correct");
    await expect.poll(() => historyRows(page).first().textContent()).toContain("Correct");
    await expect.poll(() => page.getByTestId("stat-labeled").textContent()).toBe("1");
    await expect.poll(() => page.getByTestId("stat-accuracy").textContent()).toBe("100.0%");

    // The answer can be changed.
    await digitButton(page, wrong).click();
    await expect.poll(() => page.getByTestId("feedback-verdict").textContent()).toContain("Wrong");
    expect(await digitButton(page, wrong).getAttribute("aria-pressed")).toBe("true");
    await expect.poll(() => historyRows(page).first().textContent()).toContain(`was ${wrong}`);
    await expect.poll(() => page.getByTestId("stat-accuracy").textContent()).toBe("0.0%");
    await expect.poll(() => page.getByTestId("live-feed").locator("li").first().textContent()).toContain(`was ${wrong}`);

    await page.getByLabel("Wrong only").check();
    await expect.poll(() => historyRows(page).count()).toBe(1);
    await page.getByLabel("Wrong only").uncheck();
    await expect.poll(() => historyRows(page).count()).toBe(Math.min(total, 10));
  });

  it("says what went wrong in plain words", async () => {
    await page.route("**/graphql", async (route) => {
      if (!route.request().postData()?.includes("PredictDrawing")) return route.fallback();
      await route.fulfill({ json: { data: null, errors: [{ message: "No ink", extensions: { code: "EMPTY_CANVAS" } }] } });
    });
    try {
      await page.getByRole("button", { name: "Clear" }).click();
      await drawWithMouse(page, digitStrokes(mnist, firstOfLabel(mnist, 1)));
      await expect.poll(() => page.getByRole("alert").first().textContent()).toBe("Draw a digit first.");
      expect(await predicted(page).textContent()).toBe("");
    } finally {
      await page.unroute("**/graphql");
    }
    await page.keyboard.press("Escape");
    await expect.poll(() => page.getByRole("alert").count()).toBe(0);
  });

  it("says in plain words when a drawing is not a digit, and still takes feedback", async () => {
    await page.keyboard.press("Escape");
    const zigzag: Array<[number, number]> = [];
    for (let i = 0; i < 10; i++) zigzag.push([3 + i * 2.4, i % 2 === 0 ? 4 : 24]);
    await drawWithMouse(page, [zigzag]);
    await newPrediction(page);
    await expect.poll(() => page.getByTestId("prediction-status").textContent()).toContain("That does not look like a digit");
    // People may still say what it was.
    await expect(page.getByRole("group", { name: "What digit was it?" }).getByRole("button", { name: "0", exact: true }).isEnabled()).resolves.toBe(true);
    await page.keyboard.press("Escape");
    await drawWithMouse(page, digitStrokes(mnist, firstOfLabel(mnist, 1)));
    expect((await newPrediction(page)).digit).toBe("1");
    await expect.poll(() => page.getByTestId("prediction-status").textContent()).toMatch(/\d+% confident/);
    await page.keyboard.press("Escape");
  });

  it("counts a drawing once when more strokes follow its prediction", async () => {
    const total = async () => (await gql<{ stats: { total: number } }>(rig.server.url, "{ stats { total } }")).data!.stats.total;
    const shownId = () => predicted(page).getAttribute("data-prediction-id");
    await page.keyboard.press("Escape");
    await expect.poll(() => predicted(page).textContent()).toBe("");
    const before = await total();
    const strokes = digitStrokes(mnist, firstOfLabel(mnist, 3));
    await drawWithMouse(page, strokes);
    expect((await newPrediction(page)).digit).toBe("3");
    const first = await shownId();
    // Another stroke over the same digit: its prediction takes the first one's place.
    await drawWithMouse(page, strokes.slice(-1));
    expect((await newPrediction(page)).digit).toBe("3");
    const second = await shownId();
    expect(second).not.toBe(first);
    expect((await gql(rig.server.url, `{ prediction(id: "${first}") { id } }`)).data).toEqual({ prediction: null });
    expect(await total()).toBe(before + 1);
    await page.keyboard.press("Escape");
    await expect.poll(() => predicted(page).textContent()).toBe("");
  });

  it("undoes the last stroke with Ctrl+Z", async () => {
    // A 7 is drawn in one stroke: after undo there is nothing left to predict.
    await drawWithMouse(page, digitStrokes(mnist, firstOfLabel(mnist, 7)));
    expect((await newPrediction(page)).digit).toBe("7");
    await page.keyboard.press("Control+z");
    await expect.poll(() => predicted(page).textContent()).toBe("");
    await expect(page.getByRole("button", { name: "Undo" }).isDisabled()).resolves.toBe(true);
  });

  it("shows everyone's predictions live and pages through history", async () => {
    // Someone else (a script) predicts twelve digits at once.
    const images = await Promise.all(Array.from({ length: 12 }, (_, i) => scriptImage(100 + i)));
    const batch = await gql<{ predictDigits: Array<{ id: string }> }>(rig.server.url, "mutation($images: [String!]!) { predictDigits(images: $images) { id } }", { images });
    expect(batch.errors).toBeUndefined();
    const total = (await gql<{ stats: { total: number } }>(rig.server.url, "{ stats { total } }")).data!.stats.total;
    await expect.poll(() => page.getByTestId("live-feed").locator("li.prediction-row").count()).toBe(Math.min(total, 30));

    await page.reload();
    await expect.poll(() => historyRows(page).count()).toBe(10);
    await page.getByRole("button", { name: "Load more" }).click();
    await expect.poll(() => historyRows(page).count()).toBe(Math.min(total, 20));
    // Reading goes on where the new rows start: focus is on the first of them, not lost.
    const eleventh = await historyRows(page).nth(10).getAttribute("data-prediction-id");
    await expect.poll(() => page.evaluate(() => document.activeElement?.closest("li")?.getAttribute("data-prediction-id"))).toBe(eleventh);
    await expect(page.getByRole("button", { name: "Load more" }).count()).resolves.toBe(total > 20 ? 1 : 0);
    await page.screenshot({ path: path.join(artifactsDir, "desktop-after.png"), fullPage: true });
    expect(problemsOf(page)).toEqual([]);
  });

  it("catches up after its live connection drops", async () => {
    const sockets: WebSocketRoute[] = [];
    let down = false;
    await page.routeWebSocket(/\/graphql$/, (ws) => {
      if (down) return ws.close({ code: 1012, reason: "still down" });
      ws.connectToServer();
      sockets.push(ws);
    });
    await page.reload();
    await page.locator(".connection.is-live").waitFor();
    // The socket drops (a sleeping laptop, a restarting proxy) and stays down while a script predicts.
    down = true;
    await sockets.at(-1)!.close({ code: 1012, reason: "dropped by the test" });
    await page.locator(".connection.is-offline").waitFor();
    const images = await Promise.all([200, 201, 202].map(scriptImage));
    const batch = await gql<{ predictDigits: Array<{ id: string; imageUrl: string }> }>(rig.server.url, "mutation($images: [String!]!) { predictDigits(images: $images) { id imageUrl } }", { images });
    expect(batch.errors).toBeUndefined();
    const missed = batch.data!.predictDigits.map((p) => p.imageUrl);
    const total = (await gql<{ stats: { total: number } }>(rig.server.url, "{ stats { total } }")).data!.stats.total;
    down = false;

    await page.locator(".connection.is-live").waitFor({ timeout: 20_000 });
    const sources = (list: string) => page.getByTestId(list).locator("li.prediction-row img").evaluateAll((imgs) => imgs.map((img) => img.getAttribute("src")));
    await expect.poll(() => sources("live-feed")).toEqual(expect.arrayContaining(missed));
    await expect.poll(async () => (await sources("history-list"))[0]).toBe(missed.at(-1));
    await expect.poll(() => page.getByTestId("stat-total").textContent()).toBe(String(total));
    expect(sockets.length).toBe(2);
    expect(problemsOf(page)).toEqual([]);
  });
});

describe("the client on a phone", () => {
  it("draws with a finger without scrolling the page", async () => {
    const context = await rig.browser.newContext({ viewport: { width: 375, height: 740 }, deviceScaleFactor: 2, hasTouch: true, isMobile: true, reducedMotion: "reduce" });
    try {
      const page = await openApp(context);
      const cdp = await context.newCDPSession(page);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
      await page.evaluate(() => window.scrollTo(0, 40));
      const scrollBefore = await page.evaluate(() => window.scrollY);
      expect(scrollBefore).toBe(40);
      const layoutBefore = await historyTop(page);

      const label = 2;
      await drawWithTouch(page, cdp, digitStrokes(mnist, firstOfLabel(mnist, label)));
      const { digit, latencyMs } = await newPrediction(page);
      expect(digit, `MNIST test digit ${label} drawn with a finger`).toBe(String(label));
      console.log(`stroke end -> digit shown (phone, touch): ${latencyMs.toFixed(0)} ms`);
      expect(await page.evaluate(() => window.scrollY), "the page scrolled while drawing").toBe(scrollBefore);
      expect(await historyTop(page), "the layout moved when the prediction came").toBe(layoutBefore);
      // The answer and the buttons to correct it are in view without scrolling.
      for (const [what, element] of [["predicted digit", page.getByTestId("predicted-digit")], ["feedback buttons", page.getByRole("group", { name: "What digit was it?" })]] as const) {
        const box = (await element.boundingBox())!;
        expect(box.y, `${what} above the screen`).toBeGreaterThanOrEqual(0);
        expect(box.y + box.height, `${what} below the screen`).toBeLessThanOrEqual(740);
      }
      await page.screenshot({ path: path.join(artifactsDir, "phone.png") });

      const labeled = Number(await page.getByTestId("stat-labeled").textContent());
      await digitButton(page, label).tap();
      await expect.poll(() => page.getByTestId("feedback-verdict").textContent()).toContain("Correct");
      await expect.poll(() => page.getByTestId("stat-labeled").textContent()).toBe(String(labeled + 1));
      await page.screenshot({ path: path.join(artifactsDir, "phone-full.png"), fullPage: true });

      // The same swipe outside the canvas does scroll: the check above could have failed.
      const heading = await page.getByRole("heading", { name: "Prediction" }).boundingBox();
      await swipe(cdp, { x: 200, y: heading!.y + 5 }, -200);
      await expect.poll(() => page.evaluate(() => window.scrollY)).toBeGreaterThan(scrollBefore + 50);
      expect(problemsOf(page)).toEqual([]);
      expect(rig.server.errors, "errors the server logged").toEqual([]);
    } finally {
      await context.close();
    }
  });

  it("fits the canvas and the result on a phone on its side", async () => {
    const context = await rig.browser.newContext({ viewport: { width: 740, height: 375 }, deviceScaleFactor: 2, hasTouch: true, isMobile: true, reducedMotion: "reduce" });
    try {
      const page = await openApp(context);
      const canvas = (await page.locator(".canvas").boundingBox())!;
      expect(canvas.width).toBeGreaterThanOrEqual(180);
      expect(canvas.y + canvas.height, "canvas below the screen").toBeLessThanOrEqual(375);
      const digit = (await page.getByTestId("predicted-digit").boundingBox())!;
      expect(digit.y + digit.height, "result below the screen").toBeLessThanOrEqual(375);
      await page.screenshot({ path: path.join(artifactsDir, "phone-landscape.png") });
      expect(problemsOf(page)).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
