import { Arg, Args, Authorized, Ctx, ID, Mutation, Query, Resolver, UseMiddleware } from "type-graphql";
import { MAX_REVIEW_BATCH } from "../../services/prediction.service.ts";
import type { Context } from "../context.ts";
import { afterId } from "../cursor.ts";
import { connectionOf, PredictionConnection } from "../prediction/prediction-connection.type.ts";
import { PageArgs } from "../prediction/prediction.input.ts";
import { Prediction } from "../prediction/prediction.type.ts";
import { RateLimit } from "../rate-limit.middleware.ts";

const IDS = `Prediction ids, at most ${MAX_REVIEW_BATCH}; ids whose label is not PENDING are left as they are`;

/** The key's name, recorded with each review (@Authorized has made sure there is one). */
async function reviewer(context: Context): Promise<string> {
  const principal = await context.principal();
  if (!principal) throw new Error("a review resolver ran without a principal");
  return principal.name;
}

/** The review queue: labels given without a reviewer's key wait here until approved or rejected. */
@Resolver()
export class ReviewResolver {
  @Authorized("REVIEWER")
  @Query(() => PredictionConnection, { description: "Labels waiting for review (PENDING), newest first, in pages. Needs a REVIEWER or ADMIN key" })
  @UseMiddleware(RateLimit())
  async reviewQueue(@Args(() => PageArgs) { first, after }: PageArgs, @Ctx() { services }: Context): Promise<PredictionConnection> {
    const beforeId = afterId(after);
    return connectionOf(await services.predictions.reviewQueue(first ?? 20, beforeId), beforeId !== undefined);
  }

  @Authorized("REVIEWER")
  @Mutation(() => [Prediction], { description: "Trust these pending labels: they become APPROVED and may train a model. Returns the predictions changed. Needs a REVIEWER or ADMIN key" })
  @UseMiddleware(RateLimit())
  async approveLabels(@Arg("ids", () => [ID], { description: IDS }) ids: string[], @Ctx() context: Context): Promise<Prediction[]> {
    return context.services.predictions.review(ids, "APPROVED", await reviewer(context));
  }

  @Authorized("REVIEWER")
  @Mutation(() => [Prediction], {
    description: "Reject these pending labels: each prediction is unlabeled again (the statistics drop the label) and the label never trains anything. Returns the predictions changed. Needs a REVIEWER or ADMIN key",
  })
  @UseMiddleware(RateLimit())
  async rejectLabels(@Arg("ids", () => [ID], { description: IDS }) ids: string[], @Ctx() context: Context): Promise<Prediction[]> {
    return context.services.predictions.review(ids, "REJECTED", await reviewer(context));
  }
}
