import { describe, expect, it } from "vitest";
import { startApiProcess } from "./helpers/api-process.ts";
import { canvasOfDigit, dataUrl } from "./helpers/fixtures.ts";
import { gql } from "./helpers/graphql.ts";
import { subscribe } from "./helpers/subscriptions.ts";

describe("graceful shutdown on SIGTERM", () => {
  it("finishes requests in flight, closes WebSockets and the database, and exits 0", { timeout: 180_000 }, async () => {
    const api = await startApiProcess({ DATA_DIR: `/tmp/digits-shutdown-${process.pid}`, LOG_LEVEL: "info" });
    const events = await subscribe(api.url, "subscription { predictionAdded { id } }", (d) => d.predictionAdded);
    const image = dataUrl((await canvasOfDigit(0)).png);
    let stopping = false;
    let signalledAt = 0;
    const completedAfterSignal: number[] = [];
    const refused: string[] = [];
    let succeeded = 0;
    // Four clients keep predicting until the server is gone, so some requests are in flight at SIGTERM.
    const client = async () => {
      while (!stopping || api.child.exitCode === null) {
        try {
          const res = await gql<{ predictDigit: { id: string } }>(api.url, "mutation($i: String!) { predictDigit(image: $i) { id } }", { i: image });
          expect(res.status).toBe(200);
          expect(res.data?.predictDigit.id).toMatch(/^\d+$/);
          succeeded++;
          if (signalledAt) completedAfterSignal.push(Date.now() - signalledAt);
        } catch (error) {
          // Not accepted any more: the connection is refused or closed before a response starts.
          if (!stopping) throw error;
          refused.push(String((error as Error).cause ?? error));
          return;
        }
      }
    };
    const clients = Array.from({ length: 4 }, client);
    while (succeeded < 5) await new Promise((resolve) => setTimeout(resolve, 20));
    stopping = true;
    signalledAt = Date.now();
    const exitCode = await api.stop("SIGTERM");
    await Promise.all(clients);

    expect(exitCode).toBe(0);
    // Requests already accepted were answered in full after the signal, none cut off with a 5xx.
    expect(completedAfterSignal.length).toBeGreaterThan(0);
    expect(api.output()).toMatch(/"msg":"draining connections and closing"[\s\S]*"msg":"stopped"/);
    expect(events.closedWith()).toBe(1001);
    await events.close();
  });
});
