import type { HistoryFilter } from "../gql/graphql.ts";

/** The filter controls' state: plain strings, as the form fields hold them. */
export interface FilterChoice {
  digit: string;
  labeled: "all" | "labeled" | "unlabeled";
  wrongOnly: boolean;
}

export const noFilter: FilterChoice = { digit: "", labeled: "all", wrongOnly: false };

/** The API's HistoryFilter for a choice; "wrong only" implies labeled, as the API defines it. */
export function toHistoryFilter(choice: FilterChoice): HistoryFilter {
  const filter: HistoryFilter = {};
  if (choice.digit !== "") filter.digit = Number(choice.digit);
  if (choice.wrongOnly) filter.correct = false;
  else if (choice.labeled !== "all") filter.labeled = choice.labeled === "labeled";
  return filter;
}
