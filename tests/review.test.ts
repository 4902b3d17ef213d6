import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { canvasOfDigit, dataUrl } from "./helpers/fixtures.ts";
import { codes, gql } from "./helpers/graphql.ts";
import { subscribe } from "./helpers/subscriptions.ts";
import { startTestServer, type TestServer } from "./helpers/test-server.ts";

interface Labeled {
  id: string;
  trueLabel: number | null;
  labelStatus: string | null;
}

const FIELDS = "id trueLabel labelStatus";
const QUEUE = `query($first: Int, $after: String) { reviewQueue(first: $first, after: $after) { nodes { ${FIELDS} digit imageUrl } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }`;

describe("review of labels: only a reviewer's labels are trusted", () => {
  let server: TestServer;
  let reviewer: Record<string, string>;
  let admin: Record<string, string>;

  beforeAll(async () => {
    server = await startTestServer();
    reviewer = { authorization: `Bearer ${(await server.services.apiKeys.create("ann", "REVIEWER")).key}` };
    admin = { authorization: `Bearer ${(await server.services.apiKeys.create("ops", "ADMIN")).key}` };
  });
  afterAll(() => server?.stop());

  const predict = async () => {
    const res = await gql<{ predictDigit: { id: string } }>(server.url, "mutation($i: String!) { predictDigit(image: $i) { id } }", { i: dataUrl((await canvasOfDigit(7)).png) });
    return res.data!.predictDigit.id;
  };
  const label = async (id: string, trueLabel: number, headers: Record<string, string> = {}) =>
    gql<{ submitFeedback: Labeled }>(server.url, `mutation($id: ID!, $l: Int!) { submitFeedback(predictionId: $id, trueLabel: $l) { ${FIELDS} } }`, { id, l: trueLabel }, headers);
  const queueIds = async () => (await gql<{ reviewQueue: { nodes: Labeled[] } }>(server.url, QUEUE, { first: 100 }, reviewer)).data!.reviewQueue.nodes.map((n) => n.id);
  const labeledCount = async () => (await gql<{ stats: { labeled: number } }>(server.url, "{ stats { labeled } }")).data!.stats.labeled;
  const review = (verb: "approveLabels" | "rejectLabels", ids: string[], headers = reviewer) =>
    gql<Record<string, Labeled[]>>(server.url, `mutation($ids: [ID!]!) { ${verb}(ids: $ids) { ${FIELDS} } }`, { ids }, headers);

  it("queues anonymous labels as PENDING and trusts a reviewer's own at once", async () => {
    const [a, b] = [await predict(), await predict()];
    expect((await label(a, 1)).data!.submitFeedback).toEqual({ id: a, trueLabel: 1, labelStatus: "PENDING" });
    expect((await label(b, 7, reviewer)).data!.submitFeedback).toEqual({ id: b, trueLabel: 7, labelStatus: "APPROVED" });
    const queue = await queueIds();
    expect(queue).toContain(a);
    expect(queue).not.toContain(b);
    // A wrong key on a label is refused, not silently treated as anonymous.
    const wrong = await label(b, 3, { authorization: "Bearer dr_000000000000_nope" });
    expect(codes(wrong)).toEqual(["UNAUTHENTICATED"]);
    expect((await gql<{ prediction: Labeled }>(server.url, `query($id: ID!) { prediction(id: $id) { ${FIELDS} } }`, { id: b })).data!.prediction.trueLabel).toBe(7);
  });

  it("shows the queue and takes decisions from reviewers and admins only", async () => {
    const id = await predict();
    await label(id, 2);
    expect(codes(await gql(server.url, QUEUE, {}))).toEqual(["UNAUTHENTICATED"]);
    expect(codes(await review("approveLabels", [id], {}))).toEqual(["UNAUTHENTICATED"]);
    expect(codes(await review("rejectLabels", [id], { authorization: "Bearer nonsense" }))).toEqual(["UNAUTHENTICATED"]);
    expect((await gql(server.url, QUEUE, {}, admin)).errors).toBeUndefined();
    expect(await queueIds()).toContain(id);
  });

  it("approves in bulk: the labels become trusted and leave the queue; a later anonymous relabel waits again", async () => {
    const ids = [await predict(), await predict(), await predict()];
    for (const id of ids) await label(id, 7);
    const approved = await review("approveLabels", [...ids, ids[0]!]);
    expect(approved.data!.approveLabels!.map((p) => p.labelStatus)).toEqual(["APPROVED", "APPROVED", "APPROVED"]);
    expect(approved.data!.approveLabels!.map((p) => p.id).sort()).toEqual([...ids].sort());
    const queue = await queueIds();
    for (const id of ids) expect(queue).not.toContain(id);
    // Approving again changes nothing.
    expect((await review("approveLabels", ids)).data!.approveLabels!).toEqual([]);
    expect((await label(ids[0]!, 1)).data!.submitFeedback.labelStatus).toBe("PENDING");
    expect(await queueIds()).toContain(ids[0]);
  });

  it("rejects in bulk: the prediction is unlabeled again, the statistics drop the label, and subscribers hear of it", async () => {
    const ids = [await predict(), await predict()];
    for (const id of ids) await label(id, 4);
    const events = await subscribe(server.url, `subscription { predictionUpdated { ${FIELDS} } }`, (data) => data.predictionUpdated as Labeled);
    try {
      const before = await labeledCount();
      const rejected = await review("rejectLabels", ids);
      expect(rejected.data!.rejectLabels!.map((p) => [p.trueLabel, p.labelStatus])).toEqual([[null, "REJECTED"], [null, "REJECTED"]]);
      expect(await labeledCount()).toBe(before - 2);
      for (const id of ids) await events.next((e) => e.id === id && e.labelStatus === "REJECTED");
      const queue = await queueIds();
      for (const id of ids) expect(queue).not.toContain(id);
    } finally {
      await events.close();
    }
  });

  it("refuses malformed ids and oversized batches with BAD_USER_INPUT, changing nothing", async () => {
    const id = await predict();
    await label(id, 5);
    expect(codes(await review("approveLabels", [id, "abc"]))).toEqual(["BAD_USER_INPUT"]);
    expect(codes(await review("rejectLabels", Array.from({ length: 101 }, (_, i) => String(i + 1))))).toEqual(["BAD_USER_INPUT"]);
    expect(await queueIds()).toContain(id);
  });

  it("pages through the queue with cursors", async () => {
    for (let i = 0; i < 3; i++) await label(await predict(), 0);
    type Page = { nodes: Labeled[]; pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string; endCursor: string } };
    const first = (await gql<{ reviewQueue: Page }>(server.url, QUEUE, { first: 2 }, reviewer)).data!.reviewQueue;
    expect(first.nodes).toHaveLength(2);
    expect(first.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    const next = (await gql<{ reviewQueue: Page }>(server.url, QUEUE, { first: 2, after: first.pageInfo.endCursor }, reviewer)).data!.reviewQueue;
    expect(Number(next.nodes[0]!.id)).toBeLessThan(Number(first.nodes[1]!.id));
    expect(next.pageInfo.hasPreviousPage).toBe(true);
    // startCursor is the first node's: asking after it skips exactly that node.
    const fromStart = (await gql<{ reviewQueue: Page }>(server.url, QUEUE, { first: 1, after: next.pageInfo.startCursor }, reviewer)).data!.reviewQueue;
    expect(fromStart.nodes[0]!.id).toBe(next.nodes[1]!.id);
    for (const node of [...first.nodes, ...next.nodes]) expect(node.labelStatus).toBe("PENDING");
  });
});
