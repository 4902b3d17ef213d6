import path from "node:path";
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { canvasOfDigit, dataUrl } from "../helpers/fixtures.ts";
import { gql } from "../helpers/graphql.ts";
import { artifactsDir, serverAndBrowser } from "./helpers/browser.ts";

const rig = serverAndBrowser();
let reviewerKey = "";
const ids: string[] = [];

beforeAll(async () => {
  const { server } = rig;
  reviewerKey = (await server.services.apiKeys.create("ann", "REVIEWER")).key;
  // Five anonymous labels waiting for review: three right, two wrong.
  for (const [index, given] of [[3, null], [2, null], [1, null], [0, 2], [4, 1]] as const) {
    const { png, label } = await canvasOfDigit(index);
    const id = (await gql<{ predictDigit: { id: string } }>(server.url, "mutation($i: String!) { predictDigit(image: $i) { id } }", { i: dataUrl(png) })).data!.predictDigit.id;
    await gql(server.url, "mutation($id: ID!, $l: Int!) { submitFeedback(predictionId: $id, trueLabel: $l) { id } }", { id, l: given ?? label });
    ids.push(id);
  }
});

const statusOf = async (id: string) => (await gql<{ prediction: { labelStatus: string; trueLabel: number | null } }>(rig.server.url, `{ prediction(id: "${id}") { labelStatus trueLabel } }`)).data!.prediction;

describe("the review page", () => {
  let page: Page;

  it("asks for a key, and says plainly when it is not a valid one", async () => {
    page = await (await rig.browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    const problems: string[] = [];
    page.on("pageerror", (error) => problems.push(error.message));
    await page.goto(rig.server.origin);
    await page.getByRole("link", { name: "Review labels" }).click();
    await page.getByLabel("Reviewer key").fill("dr_000000000000_not-a-key");
    await page.getByRole("button", { name: "Open the queue" }).click();
    await expect.poll(() => page.getByRole("alert").textContent()).toMatch(/not valid/);
    expect(problems).toEqual([]);
  });

  it("shows each waiting label with its drawing, and approves and rejects picked ones from the keyboard", async () => {
    await page.getByLabel("Reviewer key").fill(reviewerKey);
    await page.keyboard.press("Enter");
    const grid = page.getByTestId("review-grid");
    await expect.poll(() => grid.locator("li").count()).toBe(5);
    await expect.poll(() => grid.locator("img").evaluateAll((images) => images.every((img) => (img as HTMLImageElement).naturalWidth > 0))).toBe(true);
    await page.screenshot({ path: path.join(artifactsDir, "review-queue.png") });

    // The two wrong labels (the newest, so first in the list): pick them with Space, reject with R.
    const box = (id: string) => page.locator(`input[aria-label^="Drawing ${id}:"]`);
    await box(ids[4]!).focus();
    await page.keyboard.press("Space");
    await page.keyboard.press("Tab");
    await page.keyboard.press("Space");
    await page.keyboard.press("r");
    await expect.poll(() => page.getByRole("status").last().textContent()).toBe("Rejected 2 labels.");
    await expect.poll(() => grid.locator("li").count()).toBe(3);
    expect(await statusOf(ids[4]!)).toEqual({ labelStatus: "REJECTED", trueLabel: null });
    expect(await statusOf(ids[3]!)).toEqual({ labelStatus: "REJECTED", trueLabel: null });

    // The rest are right: pick all, approve with the button.
    await page.getByRole("button", { name: "Pick all" }).click();
    await page.getByRole("button", { name: "Approve 3" }).click();
    await expect.poll(() => page.getByRole("status").last().textContent()).toBe("Approved 3 labels.");
    await expect.poll(() => grid.locator("li").count()).toBe(0);
    for (const id of ids.slice(0, 3)) expect((await statusOf(id)).labelStatus).toBe("APPROVED");
  });
});
