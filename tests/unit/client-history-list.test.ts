import { describe, expect, it } from "vitest";
import type { HistoryFilter, PredictionSummaryFragment } from "../../client/src/gql/graphql.ts";
import type { PredictionEvent } from "../../client/src/live/feed.ts";
import { emptyHistory, historyReducer, matchesFilter, type HistoryList } from "../../client/src/history/history-list.ts";

const row = (id: number, digit: number, trueLabel: number | null = null): PredictionSummaryFragment => ({
  id: String(id),
  digit,
  confidence: 0.9,
  verdict: "CONFIDENT",
  trueLabel,
  correct: trueLabel === null ? null : trueLabel === digit,
  createdAt: "2026-11-30T00:00:00.000Z",
  imageUrl: `/predictions/${id}/image.png`,
});
const ids = (list: HistoryList) => list.items.map((p) => Number(p.id));
const page = (list: HistoryList, nodes: PredictionSummaryFragment[], hasNextPage: boolean, append = false) =>
  historyReducer(list, { type: "page", page: { nodes, pageInfo: { hasNextPage, endCursor: hasNextPage ? "next" : null } }, append });
const event = (list: HistoryList, e: PredictionEvent, filter: HistoryFilter = {}) =>
  historyReducer(list, { type: "event", event: e, filter });

describe("the live history list", () => {
  it("applies the server's filter rules", () => {
    expect(matchesFilter({ digit: 3 }, row(1, 3))).toBe(true);
    expect(matchesFilter({ digit: 3 }, row(1, 4))).toBe(false);
    expect(matchesFilter({ labeled: true }, row(1, 3))).toBe(false);
    expect(matchesFilter({ labeled: false }, row(1, 3))).toBe(true);
    expect(matchesFilter({ correct: false }, row(1, 3, 5))).toBe(true);
    expect(matchesFilter({ correct: false }, row(1, 3, 3))).toBe(false);
    expect(matchesFilter({ correct: false }, row(1, 3))).toBe(false); // wrong implies labeled
    expect(matchesFilter({ correct: true }, row(1, 3, 3))).toBe(true);
    expect(matchesFilter({ trueLabel: 5, labeled: false }, row(1, 3, 5))).toBe(true); // as the API: trueLabel wins
  });

  it("puts new predictions on top, and keeps the rows already read in place", () => {
    let list = page(emptyHistory, [row(9, 1), row(8, 2), row(7, 3)], true);
    list = event(list, { type: "added", prediction: row(10, 4) });
    expect(ids(list)).toEqual([10, 9, 8, 7]);
    list = page(list, [row(6, 1), row(5, 1)], false, true);
    expect(ids(list)).toEqual([10, 9, 8, 7, 6, 5]);
    expect(list.hasNextPage).toBe(false);
    list = event(list, { type: "removed", id: "8" });
    expect(ids(list)).toEqual([10, 9, 7, 6, 5]);
  });

  it("moves a prediction in or out of a filtered list when its label changes", () => {
    const unlabeled = { labeled: false };
    let list = page(emptyHistory, [row(9, 1), row(8, 2)], false);
    list = event(list, { type: "updated", prediction: row(9, 1, 1) }, unlabeled);
    expect(ids(list)).toEqual([8]);
    // A new, unlabeled one joins.
    list = event(list, { type: "added", prediction: row(11, 5) }, unlabeled);
    expect(ids(list)).toEqual([11, 8]);
    // "Wrong only": a correction brings an old prediction in at its place by id.
    let wrong = page(emptyHistory, [row(20, 1, 2), row(12, 3, 4)], false);
    wrong = event(wrong, { type: "updated", prediction: row(15, 7, 1) }, { correct: false });
    expect(ids(wrong)).toEqual([20, 15, 12]);
  });

  it("leaves out a prediction older than the pages loaded: it belongs to a page not read yet", () => {
    let list = page(emptyHistory, [row(30, 1), row(29, 1)], true);
    list = event(list, { type: "updated", prediction: row(5, 1, 1) });
    expect(ids(list)).toEqual([30, 29]);
    // A first page read before a live arrival was stored keeps that arrival.
    let fresh = event(emptyHistory, { type: "added", prediction: row(31, 2) });
    fresh = page(fresh, [row(30, 1), row(29, 1)], true);
    expect(ids(fresh)).toEqual([31, 30, 29]);
  });
});
