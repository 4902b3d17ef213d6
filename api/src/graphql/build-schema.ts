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

/** type-graphql has no way to describe the root types themselves: they are described here. */
const ROOT_DESCRIPTIONS = {
  query: "Reads: predictions, history, the review queue, statistics, the model and its versions",
  mutation: "Writes: predict drawings, label them, review labels, delete predictions, activate model versions",
  subscription: "Live events over graphql-ws on the same URL: predictions added, labeled and removed, statistics, model switches",
} as const;

/** The executable schema. `pubSub` may be omitted when only printing the SDL. */
export async function buildAppSchema(pubSub?: AppPubSub): Promise<GraphQLSchema> {
  const schema = await buildSchema({
    resolvers,
    pubSub: pubSub ?? { publish: () => {}, subscribe: () => { throw new Error("no pub/sub"); } },
    validate: { forbidUnknownValues: false },
    authChecker,
  });
  for (const [root, type] of [["query", schema.getQueryType()], ["mutation", schema.getMutationType()], ["subscription", schema.getSubscriptionType()]] as const) {
    if (type) type.description = ROOT_DESCRIPTIONS[root];
  }
  return schema;
}
