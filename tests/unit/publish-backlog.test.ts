import { describe, expect, it } from "vitest";
import { PublishBacklog } from "../../api/src/events/publish-backlog.ts";

/** A fake connection that is up or down; what it accepted, in order. */
function connection() {
  const sent: string[] = [];
  const link = { up: true, sent };
  const send = async (_channel: string, message: string) => {
    await Promise.resolve();
    if (!link.up) throw new Error("Stream isn't writeable");
    sent.push(message);
  };
  return { link, send };
}

describe("PublishBacklog", () => {
  it("sends at once while up, keeps what fails, and sends it in order once back", async () => {
    const { link, send } = connection();
    const backlog = new PublishBacklog(send, 100, () => {});
    await backlog.publish("t", "a");
    link.up = false;
    await backlog.publish("t", "b");
    await backlog.publish("t", "c");
    link.up = true;
    // Newer messages wait behind older ones, even though the link is up again.
    await backlog.publish("t", "d");
    expect(link.sent).toEqual(["a"]);
    expect(backlog.size).toBe(3);
    await backlog.flush();
    expect(link.sent).toEqual(["a", "b", "c", "d"]);
    expect(backlog.size).toBe(0);
  });

  it("stops a flush at the first failure and keeps the rest", async () => {
    const { link, send } = connection();
    const backlog = new PublishBacklog(send, 100, () => {});
    link.up = false;
    for (const m of ["a", "b", "c"]) await backlog.publish("t", m);
    await backlog.flush();
    expect(backlog.size).toBe(3);
    link.up = true;
    await backlog.flush();
    expect(link.sent).toEqual(["a", "b", "c"]);
  });

  it("drops the oldest beyond its bound and says how many", async () => {
    const { link, send } = connection();
    const drops: number[] = [];
    const backlog = new PublishBacklog(send, 3, (n) => drops.push(n));
    link.up = false;
    for (const m of ["a", "b", "c", "d", "e"]) await backlog.publish("t", m);
    expect(drops).toEqual([1, 1]);
    link.up = true;
    await backlog.flush();
    expect(link.sent).toEqual(["c", "d", "e"]);
  });
});
