import { describe, expect, it } from "vitest";
import { noFilter, toHistoryFilter } from "../../client/src/history/filters.ts";

describe("history filter controls -> the API's HistoryFilter", () => {
  it("asks for everything when nothing is chosen", () => {
    expect(toHistoryFilter(noFilter)).toEqual({});
  });

  it("filters by digit, 0 included", () => {
    expect(toHistoryFilter({ ...noFilter, digit: "7" })).toEqual({ digit: 7 });
    expect(toHistoryFilter({ ...noFilter, digit: "0" })).toEqual({ digit: 0 });
  });

  it("filters labeled or unlabeled predictions", () => {
    expect(toHistoryFilter({ ...noFilter, labeled: "labeled" })).toEqual({ labeled: true });
    expect(toHistoryFilter({ ...noFilter, labeled: "unlabeled" })).toEqual({ labeled: false });
  });

  it("asks only for wrong ones when wrong-only is ticked, which implies labeled", () => {
    expect(toHistoryFilter({ ...noFilter, wrongOnly: true })).toEqual({ correct: false });
    expect(toHistoryFilter({ digit: "3", labeled: "unlabeled", wrongOnly: true })).toEqual({ digit: 3, correct: false });
  });
});
