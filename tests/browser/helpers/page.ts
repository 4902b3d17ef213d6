import type { BrowserContext, CDPSession, Page } from "playwright-core";
import type { GridStroke } from "./strokes.ts";

/**
 * Installed before the app loads: timestamps of every pointerup and of every prediction the page
 * shows (the predicted-digit element's data-prediction-id changing), to measure stroke end -> digit.
 */
export const timingProbe = () => {
  const probe = { ups: [] as number[], shown: [] as Array<{ t: number; id: string; digit: string }> };
  Object.assign(window, { __probe: probe });
  addEventListener("pointerup", () => probe.ups.push(performance.now()), true);
  const observer = new MutationObserver((records) => {
    for (const record of records) {
      const el = record.target as HTMLElement;
      if (el.dataset.testid === "predicted-digit" && el.dataset.predictionId) {
        probe.shown.push({ t: performance.now(), id: el.dataset.predictionId, digit: el.textContent ?? "" });
      }
    }
  });
  addEventListener("DOMContentLoaded", () => observer.observe(document.body, { subtree: true, attributes: true, attributeFilter: ["data-prediction-id"] }));
};

interface Probe { ups: number[]; shown: Array<{ t: number; id: string; digit: string }> }

/** Waits for the prediction of the drawing as of the last pointerup; returns its digit and latency. */
export async function newPrediction(page: Page): Promise<{ digit: string; latencyMs: number }> {
  const handle = await page.waitForFunction(() => {
    const probe = (window as unknown as { __probe: Probe }).__probe;
    const lastUp = probe.ups.at(-1) ?? 0;
    const busy = document.querySelector("[aria-busy='true']");
    const after = probe.shown.filter((s) => s.t > lastUp);
    const last = after.at(-1);
    return !busy && last ? { digit: last.digit, latencyMs: after[0]!.t - lastUp } : null;
  }, undefined, { timeout: 10_000 });
  return (await handle.jsonValue())!;
}

/** Where the drawing area is on the page, in CSS pixels. */
async function canvasBox(page: Page) {
  const box = await page.getByTestId("draw-canvas").boundingBox();
  if (!box) throw new Error("The draw-canvas element is not visible");
  return box;
}

const toPage = (box: { x: number; y: number; width: number }, [gx, gy]: [number, number]) => ({
  x: box.x + (gx / 28) * box.width,
  y: box.y + (gy / 28) * box.width,
});

/** Replays strokes with the mouse: down, a move per skeleton pixel, up. */
export async function drawWithMouse(page: Page, strokes: GridStroke[]): Promise<void> {
  const box = await canvasBox(page);
  for (const stroke of strokes) {
    const [first, ...rest] = stroke.map((p) => toPage(box, p));
    await page.mouse.move(first!.x, first!.y);
    await page.mouse.down();
    for (const p of rest) await page.mouse.move(p.x, p.y);
    await page.mouse.up();
  }
}

/** Replays strokes as a finger through CDP touch events; Chrome turns them into touch pointer events. */
export async function drawWithTouch(page: Page, cdp: CDPSession, strokes: GridStroke[]): Promise<void> {
  const box = await canvasBox(page);
  for (const stroke of strokes) {
    const points = stroke.map((p) => toPage(box, p));
    await cdp.send("Input.dispatchTouchEvent", { type: "touchStart", touchPoints: [points[0]!] });
    for (const p of points.slice(1)) await cdp.send("Input.dispatchTouchEvent", { type: "touchMove", touchPoints: [p] });
    await cdp.send("Input.dispatchTouchEvent", { type: "touchEnd", touchPoints: [] });
  }
}

/** A plain finger swipe (to show that outside the canvas the page does scroll). */
export async function swipe(cdp: CDPSession, from: { x: number; y: number }, dy: number): Promise<void> {
  await cdp.send("Input.dispatchTouchEvent", { type: "touchStart", touchPoints: [from] });
  for (let i = 1; i <= 10; i++) {
    await cdp.send("Input.dispatchTouchEvent", { type: "touchMove", touchPoints: [{ x: from.x, y: from.y + (dy * i) / 10 }] });
  }
  await cdp.send("Input.dispatchTouchEvent", { type: "touchEnd", touchPoints: [] });
}

/**
 * Uncaught errors and console errors per page: a passing flow must not leave any behind. One is
 * by design: a drawing cleared right after its prediction is taken back, and its row's picture,
 * if requested in that moment, is then gone (404).
 */
const problems = new WeakMap<Page, string[]>();
export const problemsOf = (page: Page) => problems.get(page) ?? [];

/** Opens the app with the timing probe, recording its problems, once its live connection is up. */
export async function openApp(context: BrowserContext, origin: string): Promise<Page> {
  await context.addInitScript(timingProbe);
  const page = await context.newPage();
  const seen: string[] = [];
  problems.set(page, seen);
  page.on("pageerror", (error) => seen.push(error.message));
  const takenBack = /\/predictions\/\d+\/image\.png$/;
  page.on("console", (message) => {
    if (message.type() !== "error") return;
    if (message.text().includes("404") && takenBack.test(message.location().url)) return;
    seen.push(message.text());
  });
  await page.goto(origin);
  // Subscriptions must be up before drawing, or the live feed could miss the first events.
  await page.locator(".connection.is-live").waitFor();
  return page;
}
