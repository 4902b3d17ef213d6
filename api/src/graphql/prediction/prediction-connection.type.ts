import { Field, ObjectType } from "type-graphql";
import type { PredictionRecord } from "../../domain/prediction.ts";
import { encodeCursor } from "../cursor.ts";
import { Prediction } from "./prediction.type.ts";

@ObjectType({ description: "Where a page sits in its list (Relay cursor connections)" })
export class PageInfo {
  @Field(() => Boolean, { description: "Whether older items follow this page" })
  hasNextPage!: boolean;

  @Field(() => Boolean, { description: "Whether newer items come before this page (true for any page asked for with `after`)" })
  hasPreviousPage!: boolean;

  @Field(() => String, { nullable: true, description: "The first item's cursor; null for an empty page" })
  startCursor!: string | null;

  @Field(() => String, { nullable: true, description: "Pass as `after` to get the next page" })
  endCursor!: string | null;
}

@ObjectType({ description: "One prediction in a page, with its cursor" })
export class PredictionEdge {
  @Field(() => String, { description: "Pass as `after` to continue after this item" })
  cursor!: string;

  @Field(() => Prediction, { description: "The prediction" })
  node!: Prediction;
}

@ObjectType({ description: "A page of predictions, newest first" })
export class PredictionConnection {
  @Field(() => [PredictionEdge], { description: "The page's items with their cursors" })
  edges!: PredictionEdge[];

  @Field(() => [Prediction], { description: "The nodes of `edges`, for convenience" })
  nodes!: Prediction[];

  @Field(() => PageInfo, { description: "Where this page sits in the list" })
  pageInfo!: PageInfo;
}

/**
 * A page of records (newest first) as a connection: each edge's cursor is its id's. `after` says
 * whether the page was asked for after a cursor (so newer items come before it).
 */
export function connectionOf({ records, hasNextPage }: { records: PredictionRecord[]; hasNextPage: boolean }, after: boolean): PredictionConnection {
  const edges = records.map((node) => ({ cursor: encodeCursor(Number(node.id)), node }));
  return { edges, nodes: records, pageInfo: { hasNextPage, hasPreviousPage: after, startCursor: edges[0]?.cursor ?? null, endCursor: edges.at(-1)?.cursor ?? null } };
}
