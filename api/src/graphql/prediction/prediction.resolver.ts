import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root, Subscription, UseMiddleware } from "type-graphql";
import { Topic } from "../../events/topics.ts";
import type { Caller } from "../../services/prediction.service.ts";
import type { Context } from "../context.ts";
import { afterId } from "../cursor.ts";
import { chargeRateLimit, RateLimit } from "../rate-limit.middleware.ts";
import { connectionOf, PredictionConnection } from "./prediction-connection.type.ts";
import { checkEventArgs, HistoryArgs, IMAGE_DESCRIPTION, PredictArgs, PredictionEventArgs, SubmitFeedbackArgs } from "./prediction.input.ts";
import { ImageRejected, PredictDigitResult } from "./predict-result.type.ts";
import { PredictDrawingPayload, Prediction } from "./prediction.type.ts";

const FEEDBACK_POINTS = 5;

/** A batch costs a point per image, as that many single predictions would. */
const perImage = (args: Record<string, unknown>) => (Array.isArray(args.images) ? args.images.length : 1);

function digitFilter({ payload, args }: { payload: Prediction; args: PredictionEventArgs }): boolean {
  return args.digit === undefined || args.digit === null || payload.digit === args.digit;
}

/** The topic of a digit-filtered subscription, once its arguments are checked. */
const topicAfterCheck = (topic: string) => ({ args }: { args: PredictionEventArgs }) => {
  checkEventArgs(args);
  return topic;
};

/** The caller as the prediction service sees it: rate-limit charges go to their budget. */
const callerOf = (context: Context): Caller => ({ client: context.clientIp, charge: (points) => chargeRateLimit(context, points) });

@Resolver(() => Prediction)
export class PredictionResolver {
  @Mutation(() => Prediction, { description: "Recognise one drawn digit and store the prediction" })
  @UseMiddleware(RateLimit())
  async predictDigit(@Args(() => PredictArgs) request: PredictArgs, @Ctx() context: Context): Promise<Prediction> {
    const { prediction, replaceToken: token } = await context.services.predictions.predictOne(callerOf(context), request);
    // A copy: the published event must not carry the token.
    return { ...prediction, replaceToken: token };
  }

  @Mutation(() => PredictDrawingPayload, {
    description:
      "Recognise one drawing and store the prediction, as predictDigit does; the payload gives the maker the token that later replaces or takes back this prediction",
  })
  @UseMiddleware(RateLimit())
  async predictDrawing(@Args(() => PredictArgs) request: PredictArgs, @Ctx() context: Context): Promise<PredictDrawingPayload> {
    return context.services.predictions.predictOne(callerOf(context), request);
  }

  @Mutation(() => [Prediction], { description: "Recognise several digits in one call (for scripts); all are stored or none" })
  @UseMiddleware(RateLimit(perImage))
  async predictDigits(@Arg("images", () => [String], { description: IMAGE_DESCRIPTION }) images: string[], @Ctx() context: Context): Promise<Prediction[]> {
    return context.services.predictions.predictMany(callerOf(context), images);
  }

  @Mutation(() => [PredictDigitResult], {
    description:
      "Recognise several digits in one call, each on its own: one result per image, in order, either its stored Prediction or ImageRejected (index, code, message). Good images are stored even when others are refused",
  })
  @UseMiddleware(RateLimit(perImage))
  async predictDigitsEach(
    @Arg("images", () => [String], { description: `${IMAGE_DESCRIPTION}; at most MAX_BATCH (64 by default) per call` }) images: string[],
    @Ctx() context: Context,
  ): Promise<Array<Prediction | ImageRejected>> {
    const results = await context.services.predictions.predictEach(callerOf(context), images);
    return results.map((r) => ("prediction" in r ? r.prediction : Object.assign(new ImageRejected(), r.rejected)));
  }

  @Mutation(() => Prediction, {
    description:
      "Say what the digit really was; a later label replaces an earlier one. With a REVIEWER or ADMIN key the label is APPROVED at once; without one it is PENDING until a reviewer approves it (a wrong key is UNAUTHENTICATED)",
  })
  // A label moves everyone's accuracy statistics: it costs more than a drawing, so that one
  // client cannot relabel thousands of predictions a minute.
  @UseMiddleware(RateLimit(() => FEEDBACK_POINTS))
  async submitFeedback(@Args(() => SubmitFeedbackArgs) { predictionId, trueLabel }: SubmitFeedbackArgs, @Ctx() context: Context): Promise<Prediction> {
    // A reviewer's key makes the label trusted at once; without one it waits for review.
    const principal = await context.principal();
    return context.services.predictions.label(predictionId, trueLabel, principal?.name ?? null);
  }

  @Mutation(() => Boolean, {
    description:
      "Take back your own drawing's prediction (the canvas was cleared), so abandoned drawings leave no trace in history or statistics. Only while it is unlabeled and under 2 minutes old, like replaces. True when it was removed (predictionRemoved is published), false when there was nothing of yours to remove",
  })
  @UseMiddleware(RateLimit())
  async discardPrediction(
    @Arg("id", () => ID, { description: "The prediction to take back" }) id: string,
    @Arg("replaceToken", () => String, { description: "The replaceToken from predictDrawing's payload (or predictDigit's answer) that gave this id" }) replaceToken: string,
    @Ctx() { services }: Context,
  ): Promise<boolean> {
    return services.predictions.discard(id, replaceToken);
  }

  @Authorized("ADMIN")
  @Mutation(() => ID, {
    description:
      "Delete a prediction and its image for good (needs an ADMIN key). The statistics no longer count it; subscribers to predictionRemoved hear of it. Returns its id",
  })
  @UseMiddleware(RateLimit())
  async deletePrediction(@Arg("id", () => ID, { description: "The prediction to delete" }) id: string, @Ctx() { services }: Context): Promise<string> {
    return services.predictions.delete(id);
  }

  @Query(() => Prediction, { nullable: true, description: "One prediction, or null when there is no such id" })
  @UseMiddleware(RateLimit())
  async prediction(@Arg("id", () => ID, { description: "The prediction's id" }) id: string, @Ctx() { services }: Context): Promise<Prediction | null> {
    return services.predictions.find(id);
  }

  @Query(() => PredictionConnection, { description: "Stored predictions, newest first, in pages" })
  @UseMiddleware(RateLimit())
  async history(@Args(() => HistoryArgs) { first, after, filter }: HistoryArgs, @Ctx() { services }: Context): Promise<PredictionConnection> {
    const pageSize = first ?? 20; // an explicit null skips the default
    const beforeId = afterId(after);
    const page = await services.predictions.history(pageSize, beforeId, {
      digit: filter?.digit ?? undefined,
      trueLabel: filter?.trueLabel ?? undefined,
      labeled: filter?.labeled ?? undefined,
      correct: filter?.correct ?? undefined,
    });
    return connectionOf(page, beforeId !== undefined);
  }

  // Records carry paths; answers carry absolute URLs (resolved per answer, events included).
  @FieldResolver()
  imageUrl(@Root() prediction: Prediction, @Ctx() { services }: Context): string {
    return services.links.absolute(prediction.imageUrl);
  }

  @FieldResolver()
  modelInputUrl(@Root() prediction: Prediction, @Ctx() { services }: Context): string {
    return services.links.absolute(prediction.modelInputUrl);
  }

  @Subscription(() => Prediction, { topics: topicAfterCheck(Topic.PredictionAdded), filter: digitFilter, description: "Every new prediction, from anyone" })
  predictionAdded(@Root() prediction: Prediction, @Args(() => PredictionEventArgs) _args: PredictionEventArgs): Prediction {
    return prediction;
  }

  @Subscription(() => ID, { topics: Topic.PredictionRemoved, description: "Id of a prediction that is gone: replaced by a later one of the same drawing, or deleted" })
  predictionRemoved(@Root() id: string): string {
    return id;
  }

  @Subscription(() => Prediction, { topics: topicAfterCheck(Topic.PredictionUpdated), filter: digitFilter, description: "A prediction whose true label was just given or changed" })
  predictionUpdated(@Root() prediction: Prediction, @Args(() => PredictionEventArgs) _args: PredictionEventArgs): Prediction {
    return prediction;
  }
}
