import { Field, ObjectType } from "type-graphql";
import type { PredictionRecord } from "../../domain/prediction.ts";
import { encodeCursor } from "../cursor.ts";
import { Prediction } from "./prediction.type.ts";

@ObjectType()
export class PageInfo {
  @Field(() => Boolean)
  hasNextPage!: boolean;

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

/** A page of records (newest first) as a connection: each edge's cursor is its id's. */
export function connectionOf({ records, hasNextPage }: { records: PredictionRecord[]; hasNextPage: boolean }): PredictionConnection {
  const edges = records.map((node) => ({ cursor: encodeCursor(Number(node.id)), node }));
  return { edges, nodes: records, pageInfo: { hasNextPage, endCursor: edges.at(-1)?.cursor ?? null } };
}
