import path from "node:path";
import { describe, expect, it } from "vitest";
import { readModelFolder } from "../../api/src/inference/model-card.ts";
import { metricsFromCard } from "../../api/src/services/model-registry.service.ts";
import { canvasOfDigit, dataUrl } from "../helpers/fixtures.ts";
import { gql } from "../helpers/graphql.ts";
import { modelVariant } from "../helpers/model-variant.ts";
import { artifactsDir, serverAndBrowser } from "./helpers/browser.ts";

const rig = serverAndBrowser();

/** Predicts and labels MNIST test digits `indices` (labels right or, when `wrong`, off by one). */
async function drawAndLabel(indices: number[], wrong: boolean) {
  const { server } = rig;
  for (const index of indices) {
    const { png, label } = await canvasOfDigit(index);
    const id = (await gql<{ predictDigit: { id: string } }>(server.url, "mutation($i: String!) { predictDigit(image: $i) { id } }", { i: dataUrl(png) })).data!.predictDigit.id;
    await gql(server.url, "mutation($id: ID!, $l: Int!) { submitFeedback(predictionId: $id, trueLabel: $l) { id } }", { id, l: wrong ? (label + 1) % 10 : label });
  }
}

describe("the statistics compare model versions", () => {
  it("shows each version that served with its own labeled accuracy", async () => {
    const { server, browser } = rig;
    // Four drawings read by the shipped version (three labeled right), then two by a second one (one right).
    await drawAndLabel([0, 1, 2], false);
    await drawAndLabel([3], true);
    const bundled = await readModelFolder(server.config.modelDir);
    const next = modelVariant(bundled.card, bundled.onnx, "second version");
    await server.services.registry.register({ ...next, metrics: metricsFromCard(bundled.card) });
    await server.services.registry.activate({ version: next.card.version, force: false, reason: null, by: "test" });
    await expect.poll(() => server.services.models.current().version, { timeout: 5000 }).toBe(next.card.version);
    await drawAndLabel([4], false);
    await drawAndLabel([5], true);

    const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    await page.goto(server.origin);
    const table = page.getByTestId("version-comparison");
    await table.scrollIntoViewIfNeeded();
    const row = (version: string) => table.getByRole("row").filter({ hasText: version });
    await expect.poll(() => row(bundled.card.version).textContent()).toMatch(/retired\s*4\s*4\s*75(\.0)?\s?% \(3 of 4\)/);
    await expect.poll(() => row(next.card.version).textContent()).toMatch(/serving\s*2\s*2\s*50(\.0)?\s?% \(1 of 2\)/);
    await table.screenshot({ path: path.join(artifactsDir, "version-comparison.png") });

    // The daily chart marks when each version started serving; its table names the one serving.
    const daily = page.getByRole("figure").filter({ hasText: "Accuracy by day" });
    await expect.poll(() => daily.locator(".version-switch").count()).toBe(2);
    await daily.getByText("Show as a table").click();
    await expect.poll(() => daily.getByRole("table").textContent()).toContain(next.card.version.slice(0, 8));
    await daily.screenshot({ path: path.join(artifactsDir, "daily-versions.png") });
  });
});
