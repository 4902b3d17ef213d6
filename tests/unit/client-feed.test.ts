import { describe, expect, it } from "vitest";
import { FEED_LENGTH, feedReducer } from "../../client/src/live/feed.ts";
import type { PredictionSummaryFragment } from "../../client/src/gql/graphql.ts";

const prediction = (id: number, overrides: Partial<PredictionSummaryFragment> = {}): PredictionSummaryFragment => ({
  id: String(id), digit: id % 10, confidence: 0.9, verdict: "CONFIDENT", trueLabel: null, correct: null, createdAt: new Date(id * 1000).toISOString(), imageUrl: `/predictions/${id}/image.png`, ...overrides,
});
const ids = (feed: PredictionSummaryFragment[]) => feed.map((p) => p.id);

describe("the live feed", () => {
  it("puts new predictions on top", () => {
    let feed = feedReducer([], { type: "added", prediction: prediction(1) });
    feed = feedReducer(feed, { type: "added", prediction: prediction(2) });
    expect(ids(feed)).toEqual(["2", "1"]);
  });

  it("shows a prediction once, even when its event arrives twice", () => {
    const feed = [prediction(2), prediction(1)];
    expect(ids(feedReducer(feed, { type: "added", prediction: prediction(1) }))).toEqual(["1", "2"]);
  });

  it("updates a labeled prediction in place, and adds one it did not show", () => {
    const feed = [prediction(3), prediction(2), prediction(1)];
    const labeled = prediction(2, { trueLabel: 2, correct: true });
    const updated = feedReducer(feed, { type: "updated", prediction: labeled });
    expect(ids(updated)).toEqual(["3", "2", "1"]);
    expect(updated[1]).toBe(labeled);
    expect(feed[1]!.trueLabel).toBeNull(); // the old state is left as it was
    expect(ids(feedReducer(feed, { type: "updated", prediction: prediction(9) }))).toEqual(["9", "3", "2", "1"]);
  });

  it("drops a prediction replaced by a later one of the same drawing", () => {
    const feed = [prediction(3), prediction(2), prediction(1)];
    expect(ids(feedReducer(feed, { type: "removed", id: "2" }))).toEqual(["3", "1"]);
    expect(ids(feedReducer(feed, { type: "removed", id: "99" }))).toEqual(["3", "2", "1"]);
  });

  it("keeps the newest FEED_LENGTH", () => {
    let feed: PredictionSummaryFragment[] = [];
    for (let id = 1; id <= FEED_LENGTH + 5; id++) feed = feedReducer(feed, { type: "added", prediction: prediction(id) });
    expect(feed).toHaveLength(FEED_LENGTH);
    expect(feed[0]!.id).toBe(String(FEED_LENGTH + 5));
    expect(feed.at(-1)!.id).toBe("6");
  });

  it("replaces everything with the stored predictions after a reconnect, cut to FEED_LENGTH", () => {
    const stored = Array.from({ length: FEED_LENGTH + 3 }, (_, i) => prediction(100 - i));
    const feed = feedReducer([prediction(1)], { type: "resync", predictions: stored });
    expect(ids(feed)).toEqual(ids(stored.slice(0, FEED_LENGTH)));
    expect(feedReducer(feed, { type: "resync", predictions: [] })).toEqual([]);
  });
});
