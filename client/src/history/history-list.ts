import type { HistoryFilter, PredictionSummaryFragment } from "../gql/graphql.ts";
import type { PredictionEvent } from "../live/feed.ts";

type Item = PredictionSummaryFragment;

/** The history pages loaded so far, as one list kept current by live events. */
export interface HistoryList {
  items: Item[];
  /** Cursor of the next page to load ("Load more"); null when there is none or nothing is loaded. */
  endCursor: string | null;
  hasNextPage: boolean;
  /** Pages loaded cover every matching prediction newer than this id; null: nothing loaded yet. */
  coveredFrom: number | null;
}

export const emptyHistory: HistoryList = { items: [], endCursor: null, hasNextPage: false, coveredFrom: null };

export interface Page {
  nodes: Item[];
  pageInfo: { hasNextPage: boolean; endCursor?: string | null };
}

export type HistoryAction =
  | { type: "page"; page: Page; append: boolean }
  | { type: "event"; event: PredictionEvent; filter: HistoryFilter };

/** Whether the API's history(filter) lists this prediction: the same rules as the server's. */
export function matchesFilter(filter: HistoryFilter, p: Item): boolean {
  if (filter.digit != null && p.digit !== filter.digit) return false;
  if (filter.trueLabel != null) {
    if (p.trueLabel !== filter.trueLabel) return false;
  } else if (filter.labeled != null || filter.correct != null) {
    if ((p.trueLabel != null) !== (filter.labeled ?? true)) return false;
  }
  if (filter.correct != null && (p.trueLabel != null && p.trueLabel === p.digit) !== filter.correct) return false;
  return true;
}

const newestFirst = (a: Item, b: Item) => Number(b.id) - Number(a.id);

/** Puts a prediction where it belongs, when the loaded pages cover its place. */
function place(list: HistoryList, item: Item): HistoryList {
  const covered = !list.hasNextPage || (list.coveredFrom !== null && Number(item.id) > list.coveredFrom);
  const others = list.items.filter((p) => p.id !== item.id);
  return covered ? { ...list, items: [...others, item].sort(newestFirst) } : { ...list, items: others };
}

/**
 * Loaded pages plus live events: a new prediction that matches the filter joins the top, a change
 * moves a prediction in or out of the list (a label can make it match, or stop matching), and a
 * removed one leaves. Rows keep their order, so the page the person reads does not jump.
 */
export function historyReducer(list: HistoryList, action: HistoryAction): HistoryList {
  if (action.type === "page") {
    const { nodes, pageInfo } = action.page;
    const known = new Set(nodes.map((p) => p.id));
    // A first page keeps live arrivals newer than it: the page may have been read before they were stored.
    const newest = nodes.length > 0 ? Number(nodes[0]!.id) : 0;
    const kept = action.append ? list.items.filter((p) => !known.has(p.id)) : list.items.filter((p) => Number(p.id) > newest);
    const items = [...kept, ...nodes];
    const oldest = nodes.length > 0 ? Number(nodes[nodes.length - 1]!.id) : null;
    return {
      items,
      endCursor: pageInfo.hasNextPage ? (pageInfo.endCursor ?? null) : null,
      hasNextPage: pageInfo.hasNextPage,
      coveredFrom: oldest ?? (action.append ? list.coveredFrom : null),
    };
  }
  const { event, filter } = action;
  if (event.type === "removed") return { ...list, items: list.items.filter((p) => p.id !== event.id) };
  const { prediction } = event;
  if (!matchesFilter(filter, prediction)) return { ...list, items: list.items.filter((p) => p.id !== prediction.id) };
  return place(list, prediction);
}
