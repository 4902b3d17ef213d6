import "reflect-metadata";
import type { GraphQLSchema } from "graphql";
import { buildSchema } from "type-graphql";
import type { AppPubSub } from "../events/pubsub.ts";
import { authChecker } from "./auth-checker.ts";
import { ModelInfoResolver } from "./model-info/model-info.resolver.ts";
import { ModelsResolver } from "./models/models.resolver.ts";
import { PredictionResolver } from "./prediction/prediction.resolver.ts";
import { ReviewResolver } from "./review/review.resolver.ts";
import { StatsResolver } from "./stats/stats.resolver.ts";

export const resolvers = [PredictionResolver, ReviewResolver, StatsResolver, ModelInfoResolver, ModelsResolver] as const;

/** The executable schema. `pubSub` may be omitted when only printing the SDL. */
export function buildAppSchema(pubSub?: AppPubSub): Promise<GraphQLSchema> {
  return buildSchema({
    resolvers,
    pubSub: pubSub ?? { publish: () => {}, subscribe: () => { throw new Error("no pub/sub"); } },
    validate: { forbidUnknownValues: false },
    authChecker,
  });
}
