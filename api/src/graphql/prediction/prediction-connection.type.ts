import { Field, ObjectType } from "type-graphql";
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
