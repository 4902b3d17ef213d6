import { describe, expect, it } from "vitest";
import { startApiProcess } from "./helpers/api-process.ts";
import { canvasOfDigit, dataUrl } from "./helpers/fixtures.ts";
import { gql } from "./helpers/graphql.ts";
import { subscribe } from "./helpers/subscriptions.ts";

describe("graceful shutdown on SIGTERM", () => {
  it("finishes requests in flight, closes WebSockets and the database, and exits 0", { timeout: 180_000 }, async () => {
    const api = await startApiProcess({ DATA_DIR: `/tmp/digits-shutdown-${process.pid}`, LOG_LEVEL: "info" });
    const events = await subscribe(api.url, "subscription { predictionAdded { id } }", (d) => d.predictionAdded);
    const { png } = await canvasOfDigit(0);
    const inFlight = Array.from({ length: 6 }, () => gql<{ predictDigit: { id: string } }>(api.url, "mutation($i: String!) { predictDigit(image: $i) { id } }", { i: dataUrl(png) }));
    await new Promise((resolve) => setTimeout(resolve, 20));
    const exited = api.stop("SIGTERM");
    const answers = await Promise.allSettled(inFlight);
    expect(await exited).toBe(0);
    // Each request either completed or was never accepted; none was cut off half-way with a 5xx.
    for (const a of answers) if (a.status === "fulfilled") expect(a.value.data?.predictDigit.id ?? a.value.errors).toBeTruthy();
    expect(answers.filter((a) => a.status === "fulfilled").length).toBeGreaterThan(0);
    expect(api.output()).toMatch(/"msg":"draining connections and closing"[\s\S]*"msg":"stopped"/);
    expect(events.closedWith()).toBe(1001);
    await events.close();
  });
});
