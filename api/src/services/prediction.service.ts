import type { HistoryQuery, NewPrediction, PredictionRow, PredictionStore } from "../db/predictions.ts";
import type { PredictionRecord } from "../domain/prediction.ts";
import type { AppPubSub } from "../events/pubsub.ts";
import { Topic } from "../events/topics.ts";
import { takeImage, type ImageIntake, type ImageLimits } from "../inference/image-intake.ts";
import { ImageRejected, rejectedAt, type ImageRejectionCode } from "../inference/image-rejected.ts";
import type { ModelSource } from "../inference/inference-pool.ts";
import { recognizeAll, type ImagePreparer, type Recognition } from "../inference/recognizer.ts";
import { badInput, notFound } from "../lib/errors.ts";
import type { Metrics } from "../observability/metrics.ts";
import { extraImagePoints } from "./image-cost.ts";
import { parsePredictionId, toPredictionRecord } from "./prediction-record.ts";
import { newReplaceToken, replaceTarget } from "./replace-token.ts";
import { judge } from "./verdict.ts";

/** Ids one approveLabels or rejectLabels call may take. */
export const MAX_REVIEW_BATCH = 100;

export interface PredictionServiceParts {
  store: PredictionStore;
  preparer: ImagePreparer;
  /** The model served now; each call takes it once. */
  models: ModelSource;
  pubSub: Pick<AppPubSub, "publish">;
  metrics: Pick<Metrics, "predictions" | "predictionLatency">;
  limits: ImageLimits & { maxBatch: number };
}

/** Who asks, and how to charge them for what their images will cost to decode. */
export interface Caller {
  /** Images are scheduled fairly between callers, and bounded per caller. */
  client: string;
  /**
   * Charges the points the images' declared sizes cost beyond the one each paid up front; may
   * throw (e.g. out of budget), which stops the request before any decoding.
   */
  charge(points: number): Promise<void>;
}

export interface PredictOne {
  image: string;
  /** Id and token of this drawing's previous prediction, to be replaced (both or neither). */
  replaces?: string | null;
  replaceToken?: string | null;
}

export interface HistoryPage {
  records: PredictionRecord[];
  hasNextPage: boolean;
}

export type HistoryFilter = Omit<HistoryQuery, "limit" | "beforeId">;

/** An image of a call that was refused, at its position in the call. */
export interface Rejection {
  index: number;
  code: ImageRejectionCode;
  message: string;
}

/** One image's outcome in predictEach: stored, or refused. */
export type EachResult = { prediction: PredictionRecord } | { rejected: Rejection };

/**
 * The life of a prediction: recognise the drawing, store it (or let it replace the same
 * drawing's previous one), label it, and announce every change to subscribers. Transport-free:
 * resolvers adapt GraphQL to these calls, and tests drive it directly.
 */
export class PredictionService {
  constructor(private readonly parts: PredictionServiceParts) {}

  /** One drawing: recognised, stored, announced. Its token lets the caller replace it later. */
  async predictOne(caller: Caller, request: PredictOne): Promise<{ prediction: PredictionRecord; replaceToken: string }> {
    const previous = replaceTarget(request.replaces, request.replaceToken);
    const intake = takeImage(request.image, this.parts.limits);
    // A single image needs no index in its rejection.
    const [recognition] = await this.recognize(caller, [intake]).catch((error: unknown) => {
      throw error instanceof ImageRejected ? new ImageRejected(error.code, error.message) : error;
    });
    const { token, key } = newReplaceToken();
    const row = this.newRow(recognition!, key);
    let stored: PredictionRow;
    if (previous === null) {
      stored = await this.parts.store.create(row);
    } else {
      const { row: created, replaced } = await this.parts.store.replace(previous, row);
      stored = created;
      if (replaced) this.parts.pubSub.publish(Topic.PredictionRemoved, String(previous.id));
    }
    return { prediction: this.announce([stored])[0]!, replaceToken: token };
  }

  /**
   * Several images, all stored or none: the first refused image fails the call, its rejection
   * naming its index, and the images still waiting are not decoded.
   */
  async predictMany(caller: Caller, images: string[]): Promise<PredictionRecord[]> {
    this.checkBatchSize(images);
    try {
      const intakes = images.map((image, index) => {
        try {
          return takeImage(image, this.parts.limits);
        } catch (error) {
          return rejectedAt(index)(error);
        }
      });
      const recognitions = await this.recognize(caller, intakes);
      if (recognitions.length === 0) return [];
      const rows = recognitions.map((recognition) => this.newRow(recognition));
      const stored = rows.length === 1 ? [await this.parts.store.create(rows[0]!)] : await this.parts.store.createMany(rows);
      return this.announce(stored);
    } catch (error) {
      if (error instanceof ImageRejected && error.index !== undefined) {
        throw new ImageRejected(error.code, `images[${error.index}]: ${error.message}`, error.index);
      }
      throw error;
    }
  }

  /**
   * Several images, each on its own: every image that can be read is stored, and each refused
   * one is reported at its place, so one bad file does not cost the others. Errors that are not
   * about an image (rate limits, a busy or unavailable server) still fail the call.
   */
  async predictEach(caller: Caller, images: string[]): Promise<EachResult[]> {
    this.checkBatchSize(images);
    type Outcome = { recognition: Recognition } | { rejected: Rejection };
    const outcomes = await Promise.all(
      images.map(async (image, index): Promise<Outcome> => {
        try {
          const [recognition] = await this.recognize(caller, [takeImage(image, this.parts.limits)]);
          return { recognition: recognition! };
        } catch (error) {
          if (error instanceof ImageRejected) return { rejected: { index, code: error.code, message: error.message } };
          throw error;
        }
      }),
    );
    const good = outcomes.flatMap((o) => ("recognition" in o ? [this.newRow(o.recognition)] : []));
    const stored = good.length === 0 ? [] : good.length === 1 ? [await this.parts.store.create(good[0]!)] : await this.parts.store.createMany(good);
    const records = this.announce(stored);
    let next = 0;
    return outcomes.map((o): EachResult => ("rejected" in o ? { rejected: o.rejected } : { prediction: records[next++]! }));
  }

  /**
   * Sets (or changes) what the digit really was, and announces it. `reviewer` (an API key's
   * name) makes the label trusted at once; anyone else's waits in the review queue.
   */
  async label(predictionId: string, trueLabel: number, reviewer: string | null = null): Promise<PredictionRecord> {
    const id = parsePredictionId(predictionId);
    const row = id === null ? null : await this.parts.store.setLabel(id, trueLabel, reviewer);
    if (!row) throw notFound(`Prediction ${predictionId}`);
    const record = toPredictionRecord(row);
    this.parts.pubSub.publish(Topic.PredictionUpdated, record);
    return record;
  }

  /** Labels waiting for review, newest first, `first` at a time, older than `beforeId` when given. */
  async reviewQueue(first: number, beforeId: number | undefined): Promise<HistoryPage> {
    const rows = await this.parts.store.reviewQueue(first + 1, beforeId);
    return { records: rows.slice(0, first).map(toPredictionRecord), hasNextPage: rows.length > first };
  }

  /**
   * Approves or rejects pending labels and announces each change; returns the predictions it
   * changed (ids whose label was not pending are left alone). Unknown or malformed ids are bad input.
   */
  async review(predictionIds: readonly string[], decision: "APPROVED" | "REJECTED", reviewer: string): Promise<PredictionRecord[]> {
    if (predictionIds.length > MAX_REVIEW_BATCH) throw badInput(`At most ${MAX_REVIEW_BATCH} ids at a time`);
    const ids = predictionIds.map((raw) => {
      const id = parsePredictionId(raw);
      if (id === null) throw badInput(`"${raw.slice(0, 20)}" is not a prediction id`);
      return id;
    });
    const rows = ids.length === 0 ? [] : await this.parts.store.review([...new Set(ids)], decision, reviewer);
    const records = rows.sort((a, b) => b.id - a.id).map(toPredictionRecord);
    for (const record of records) this.parts.pubSub.publish(Topic.PredictionUpdated, record);
    return records;
  }

  /**
   * Removes the caller's own fresh, unlabeled prediction (its drawing was cleared), proven by the
   * token predictDigit gave them, and announces it. False when there was nothing of theirs to
   * remove: a labeled, older or unknown prediction, or someone else's.
   */
  async discard(predictionId: string, replaceToken: string): Promise<boolean> {
    const own = replaceTarget(predictionId, replaceToken);
    if (own === null || !(await this.parts.store.discard(own))) return false;
    this.parts.pubSub.publish(Topic.PredictionRemoved, String(own.id));
    return true;
  }

  /** Removes a prediction and its image for good (the statistics' triggers drop it too), and announces it. */
  async delete(predictionId: string): Promise<string> {
    const id = parsePredictionId(predictionId);
    if (id === null || !(await this.parts.store.delete(id))) throw notFound(`Prediction ${predictionId}`);
    this.parts.pubSub.publish(Topic.PredictionRemoved, String(id));
    return String(id);
  }

  /**
   * The 28x28 picture the model read for a stored prediction (ink 0..1), computed again from the
   * stored drawing by the same preprocessing, in the client's share of the image threads; null
   * when there is no such prediction.
   */
  async modelInput(predictionId: string, client: string): Promise<Float32Array | null> {
    const id = parsePredictionId(predictionId);
    const bytes = id === null ? null : await this.parts.store.image(id);
    if (!bytes) return null;
    const intake = takeImage(Buffer.from(bytes).toString("base64"), this.parts.limits);
    const [digit] = await this.parts.preparer.prepareAll(client, [intake]);
    return digit!.pixels;
  }

  async find(predictionId: string): Promise<PredictionRecord | null> {
    const id = parsePredictionId(predictionId);
    const row = id === null ? null : await this.parts.store.findById(id);
    return row ? toPredictionRecord(row) : null;
  }

  /** Newest first, `first` at a time, older than `beforeId` when given. */
  async history(first: number, beforeId: number | undefined, filter: HistoryFilter): Promise<HistoryPage> {
    const rows = await this.parts.store.history({ ...filter, limit: first + 1, beforeId });
    return { records: rows.slice(0, first).map(toPredictionRecord), hasNextPage: rows.length > first };
  }

  private checkBatchSize(images: string[]): void {
    const { maxBatch } = this.parts.limits;
    if (images.length > maxBatch) throw badInput(`At most ${maxBatch} images per call, got ${images.length}`);
  }

  /** Charges what the images will cost to decode, then recognises them in the caller's share of the image threads. */
  private async recognize(caller: Caller, images: ImageIntake[]): Promise<Recognition[]> {
    const extra = images.reduce((sum, image) => sum + extraImagePoints(image.header), 0);
    if (extra > 0) await caller.charge(extra);
    const started = performance.now();
    const recognitions = await recognizeAll(this.parts.preparer, this.parts.models, caller.client, images);
    // Images of one call are prepared side by side: each took the call's time.
    const seconds = (performance.now() - started) / 1000;
    for (let i = 0; i < images.length; i++) this.parts.metrics.predictionLatency.observe(seconds);
    return recognitions;
  }

  private newRow({ bytes, format, result, ink, modelVersion }: Recognition, replaceKey: Uint8Array | null = null): NewPrediction {
    return {
      verdict: judge(result, ink).verdict,
      predictedDigit: result.digit,
      confidence: result.confidence,
      probabilities: result.probabilities,
      imageData: bytes,
      imageFormat: format,
      modelVersion,
      replaceKey,
    };
  }

  /** Counts and publishes freshly stored rows. */
  private announce(rows: PredictionRow[]): PredictionRecord[] {
    const records = rows.map(toPredictionRecord);
    for (const record of records) {
      this.parts.metrics.predictions.inc({ digit: String(record.digit) });
      this.parts.pubSub.publish(Topic.PredictionAdded, record);
    }
    return records;
  }
}
