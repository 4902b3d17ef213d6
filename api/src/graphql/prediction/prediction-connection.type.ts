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

@ObjectType()
export class PredictionEdge {
  @Field(() => String)
  cursor!: string;

  @Field(() => Prediction)
  node!: Prediction;
}

@ObjectType({ description: "A page of predictions, newest first" })
export class PredictionConnection {
  @Field(() => [PredictionEdge])
  edges!: PredictionEdge[];

  @Field(() => [Prediction], { description: "The nodes of `edges`, for convenience" })
  nodes!: Prediction[];

  @Field(() => PageInfo)
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
