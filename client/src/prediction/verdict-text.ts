import { percent } from "../format.ts";
import type { Verdict } from "../gql/graphql.ts";

interface Reading {
  digit: number;
  confidence: number;
  probabilities: number[];
  verdict: Verdict;
}

/** The two most probable digits, most probable first. */
export function topTwo(probabilities: number[]): [number, number] {
  const order = probabilities.map((p, digit) => ({ p, digit })).sort((a, b) => b.p - a.p);
  return [order[0]?.digit ?? 0, order[1]?.digit ?? 0];
}

/** The reading in plain words: how sure, in doubt between which two, or not a digit at all. */
export function verdictText(reading: Reading): string {
  switch (reading.verdict) {
    case "NOT_A_DIGIT":
      return "That does not look like a digit";
    case "UNSURE": {
      const [first, second] = topTwo(reading.probabilities);
      return `Not sure: ${first} or ${second}?`;
    }
    default:
      return `${percent(reading.confidence)} confident`;
  }
}
