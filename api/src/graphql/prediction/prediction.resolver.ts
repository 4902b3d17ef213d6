import { Arg, Args, Ctx, ID, Mutation, Query, Resolver, Root, Subscription, UseMiddleware } from "type-graphql";
import type { NewPrediction, PredictionRow } from "../db/predictions.ts";
import { ApiError, badInput, notFound } from "../errors.ts";
import { Topic } from "../events/topics.ts";
import { takeImage, type ImageIntake } from "../inference/image-intake.ts";
import { ImageRefused, recognizeAll, withIndex, type Recognition } from "../inference/recognizer.ts";
import { extraImagePoints } from "../limits/image-cost.ts";
import { chargeRateLimit, RateLimit } from "../limits/rate-limit.middleware.ts";
import type { Context } from "./context.ts";
import { decodeCursor, encodeCursor } from "./cursor.ts";
import { HistoryArgs, PredictionEventArgs, SubmitFeedbackArgs } from "./prediction.input.ts";
import { parsePredictionId, toPrediction } from "./prediction.mapper.ts";
import { PredictionConnection } from "./prediction-connection.type.ts";
import { Prediction } from "./prediction.type.ts";
import { newReplaceToken, replaceTarget } from "./replace-token.ts";

const FEEDBACK_POINTS = 5;

const IMAGE_DESCRIPTION = "A PNG (or JPEG) as a data URL (data:image/png;base64,...) or bare base64, at least 8x8 px";

function digitFilter({ payload, args }: { payload: Prediction; args: PredictionEventArgs }): boolean {
  return args.digit === undefined || args.digit === null || payload.digit === args.digit;
}

@Resolver(() => Prediction)
export class PredictionResolver {
  @Mutation(() => Prediction, { description: "Recognise one drawn digit and store the prediction" })
  @UseMiddleware(RateLimit())
  async predictDigit(
    @Arg("image", () => String, { description: IMAGE_DESCRIPTION }) image: string,
    @Arg("replaces", () => ID, {
      nullable: true,
      description:
        "Id of this drawing's previous prediction (before its last strokes). It is removed when still unlabeled and under 2 minutes old, so each drawing counts once. Needs replaceToken",
    })
    replaces: string | null | undefined,
    @Arg("replaceToken", () => String, {
      nullable: true,
      description: "The replaceToken from the answer that gave the replaces id: only the maker of a prediction may replace it",
    })
    replaceToken: string | null | undefined,
    @Ctx() context: Context,
  ): Promise<Prediction> {
    const { services } = context;
    const previous = replaceTarget(replaces, replaceToken);
    const intake = takeImage(image, services.config);
    const recognition = await this.recognizeTimed(context, [intake]).then(
      (all) => all[0]!,
      (error: unknown) => {
        throw error instanceof ImageRefused ? error.error : error;
      },
    );
    const { token, key } = newReplaceToken();
    const data = this.newRow(services, recognition, key);
    let prediction: Prediction;
    if (previous === null) {
      prediction = this.announce(services, [await services.store.create(data)])[0]!;
    } else {
      const { row, replaced } = await services.store.replace(previous, data);
      prediction = this.announce(services, [row])[0]!;
      if (replaced) services.pubSub.publish(Topic.PredictionRemoved, String(previous.id));
    }
    // A copy: the published event must not carry the token.
    return { ...prediction, replaceToken: token };
  }

  @Mutation(() => [Prediction], { description: "Recognise several digits in one call (for scripts); all are stored or none" })
  @UseMiddleware(RateLimit((args) => (Array.isArray(args.images) ? args.images.length : 1)))
  async predictDigits(@Arg("images", () => [String], { description: IMAGE_DESCRIPTION }) images: string[], @Ctx() context: Context): Promise<Prediction[]> {
    const { services } = context;
    const max = services.config.maxBatch;
    if (images.length > max) throw badInput(`At most ${max} images per call, got ${images.length}`);
    try {
      const intakes = images.map((image, index) => {
        try {
          return takeImage(image, services.config);
        } catch (error) {
          return withIndex(index)(error);
        }
      });
      return await this.store(services, await this.recognizeTimed(context, intakes));
    } catch (error) {
      if (!(error instanceof ImageRefused)) throw error;
      const code = String(error.error.extensions.code) as ConstructorParameters<typeof ApiError>[0];
      throw new ApiError(code, `images[${error.index}]: ${error.message}`, { index: error.index });
    }
  }

  @Mutation(() => Prediction, { description: "Say what the digit really was; a later label replaces an earlier one" })
  // A label moves everyone's accuracy statistics: it costs more than a drawing, so that one
  // client cannot relabel thousands of predictions a minute.
  @UseMiddleware(RateLimit(() => FEEDBACK_POINTS))
  async submitFeedback(@Args(() => SubmitFeedbackArgs) { predictionId, trueLabel }: SubmitFeedbackArgs, @Ctx() { services }: Context): Promise<Prediction> {
    const id = parsePredictionId(predictionId);
    const row = id === null ? null : await services.store.setLabel(id, trueLabel);
    if (!row) throw notFound(`Prediction ${predictionId}`);
    const prediction = toPrediction(row);
    services.pubSub.publish(Topic.PredictionUpdated, prediction);
    return prediction;
  }

  @Query(() => Prediction, { nullable: true, description: "One prediction, or null when there is no such id" })
  @UseMiddleware(RateLimit())
  async prediction(@Arg("id", () => ID) id: string, @Ctx() { services }: Context): Promise<Prediction | null> {
    const key = parsePredictionId(id);
    const row = key === null ? null : await services.store.findById(key);
    return row ? toPrediction(row) : null;
  }

  @Query(() => PredictionConnection, { description: "Stored predictions, newest first, in pages" })
  @UseMiddleware(RateLimit())
  async history(@Args(() => HistoryArgs) { first, after, filter }: HistoryArgs, @Ctx() { services }: Context): Promise<PredictionConnection> {
    const pageSize = first ?? 20; // an explicit null skips the default
    const rows = await services.store.history({
      limit: pageSize + 1,
      beforeId: after === undefined || after === null ? undefined : decodeCursor(after),
      digit: filter?.digit ?? undefined,
      trueLabel: filter?.trueLabel ?? undefined,
      labeled: filter?.labeled ?? undefined,
      correct: filter?.correct ?? undefined,
    });
    const page = rows.slice(0, pageSize);
    const edges = page.map((row) => ({ cursor: encodeCursor(row.id), node: toPrediction(row) }));
    return {
      edges,
      nodes: edges.map((e) => e.node),
      pageInfo: { hasNextPage: rows.length > pageSize, endCursor: edges.at(-1)?.cursor ?? null },
    };
  }

  @Subscription(() => Prediction, { topics: Topic.PredictionAdded, filter: digitFilter, description: "Every new prediction, from anyone" })
  predictionAdded(@Root() prediction: Prediction, @Args(() => PredictionEventArgs) _args: PredictionEventArgs): Prediction {
    return prediction;
  }

  @Subscription(() => ID, { topics: Topic.PredictionRemoved, description: "Id of a prediction replaced by a later one of the same drawing" })
  predictionRemoved(@Root() id: string): string {
    return id;
  }

  @Subscription(() => Prediction, { topics: Topic.PredictionUpdated, filter: digitFilter, description: "A prediction whose true label was just given or changed" })
  predictionUpdated(@Root() prediction: Prediction, @Args(() => PredictionEventArgs) _args: PredictionEventArgs): Prediction {
    return prediction;
  }

  /**
   * Charges what the images will cost to decode beyond the point each paid up front, then
   * recognizes them in the caller's share of the image workers.
   */
  private async recognizeTimed(context: Context, images: ImageIntake[]): Promise<Recognition[]> {
    const { services, clientIp } = context;
    const extra = images.reduce((sum, image) => sum + extraImagePoints(image.header), 0);
    if (extra > 0) await chargeRateLimit(context, extra);
    const started = performance.now();
    const recognitions = await recognizeAll(services.preparer, services.classifier, clientIp, images);
    // Images of one call are prepared side by side: each took the call's time.
    const seconds = (performance.now() - started) / 1000;
    for (let i = 0; i < images.length; i++) services.metrics.predictionLatency.observe(seconds);
    return recognitions;
  }

  private newRow(services: Context["services"], { bytes, result }: Recognition, replaceKey: Uint8Array | null = null): NewPrediction {
    return {
      predictedDigit: result.digit,
      confidence: result.confidence,
      probabilities: result.probabilities,
      imageData: bytes,
      modelVersion: services.classifier.card.version,
      replaceKey,
    };
  }

  private async store(services: Context["services"], recognitions: Recognition[]): Promise<Prediction[]> {
    if (recognitions.length === 0) return [];
    const items = recognitions.map((r) => this.newRow(services, r));
    const rows = items.length === 1 ? [await services.store.create(items[0]!)] : await services.store.createMany(items);
    return this.announce(services, rows);
  }

  /** Counts and publishes freshly stored rows. */
  private announce(services: Context["services"], rows: PredictionRow[]): Prediction[] {
    const predictions = rows.map(toPrediction);
    for (const prediction of predictions) {
      services.metrics.predictions.inc({ digit: String(prediction.digit) });
      services.pubSub.publish(Topic.PredictionAdded, prediction);
    }
    return predictions;
  }
}
