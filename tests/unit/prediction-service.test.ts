import { createHash } from "node:crypto";
import { beforeEach, describe, expect, it } from "vitest";
import type { NewPrediction, PredictionRow, PredictionStore } from "../../api/src/db/predictions.ts";
import { Topic } from "../../api/src/events/topics.ts";
import type { ImageIntake } from "../../api/src/inference/image-intake.ts";
import type { InkSummary } from "../../api/src/inference/ink-summary.ts";
import { ImageRejected } from "../../api/src/inference/image-rejected.ts";
import type { ModelCard } from "../../api/src/inference/model-card.ts";
import type { ImagePreparer } from "../../api/src/inference/recognizer.ts";
import { AppError } from "../../api/src/lib/errors.ts";
import { PredictionService, type Caller, type PredictionServiceParts } from "../../api/src/services/prediction.service.ts";
import { greyPng } from "../helpers/png.ts";

/*
 * The service with every part faked: no database, threads or model. The fakes keep the parts'
 * contracts (the store's replace rule, the preparer failing a group at its first refused image
 * with that image's index), so what is checked here is the service's own flow.
 */

const dataUrl = (png: Buffer) => `data:image/png;base64,${png.toString("base64")}`;
/** A drawing whose fake recognition is `digit`: the fake classifier reads the width's last digit. */
const drawingOf = (digit: number, side = 280) => greyPng(side + digit, side, (x, y) => (Math.abs(x - y) < 6 ? 0 : 255));
const BLANK = greyPng(280, 280);

interface Stored { row: PredictionRow; data: NewPrediction }

/** An in-memory store with the real one's rules: a replace removes only its maker's unlabeled row. */
function fakeStore() {
  const rows = new Map<number, Stored>();
  const calls: string[] = [];
  let nextId = 1;
  const insert = (data: NewPrediction): PredictionRow => {
    const row: PredictionRow = {
      id: nextId++, predictedDigit: data.predictedDigit, confidence: data.confidence, probabilities: data.probabilities,
      trueLabel: null, modelVersion: data.modelVersion, timestamp: new Date(), labeledAt: null, verdict: data.verdict, labelStatus: null, imageFormat: data.imageFormat,
    };
    rows.set(row.id, { row, data });
    return row;
  };
  const store = {
    async create(data: NewPrediction) { calls.push("create"); return insert(data); },
    async createMany(items: NewPrediction[]) { calls.push(`createMany(${items.length})`); return items.map(insert); },
    async replace(previous: { id: number; key: Uint8Array }, data: NewPrediction) {
      calls.push(`replace(${previous.id})`);
      const old = rows.get(previous.id);
      const replaced = old !== undefined && old.row.trueLabel === null && old.data.replaceKey !== null && Buffer.from(old.data.replaceKey).equals(previous.key);
      if (replaced) rows.delete(previous.id);
      return { row: insert(data), replaced };
    },
    async setLabel(id: number, trueLabel: number) {
      calls.push(`setLabel(${id})`);
      const stored = rows.get(id);
      if (!stored) return null;
      stored.row = { ...stored.row, trueLabel, labeledAt: new Date() };
      return stored.row;
    },
    async findById(id: number) { return rows.get(id)?.row ?? null; },
  };
  return { store: store as unknown as PredictionStore, rows, calls };
}

/** Ink like a handwritten digit's: one stroke spanning a good part of the canvas. */
const DIGIT_INK: InkSummary = { extent: 0.6, fill: 0.3, aspect: 0.7, widthRatio: 0.7, parts: 1, lengthInPens: 8, dotBelow: 0 };

/**
 * Prepares images without decoding them: the fake classifier reads the width from the first
 * pixel; a canvas three times as tall as wide holds three separate things. Refuses blank
 * canvases the way the image pool does.
 */
function fakePreparer(prepared: ImageIntake[][]): ImagePreparer {
  return {
    async prepareAll(_client, images) {
      prepared.push(images);
      const refused = images.findIndex((image) => Buffer.from(image.bytes).equals(BLANK));
      if (refused >= 0) throw new ImageRejected("EMPTY_CANVAS", "The canvas is empty: draw a digit first", refused);
      return images.map(({ header }) => ({ pixels: Float32Array.of(header.width), ink: { ...DIGIT_INK, parts: header.height === 3 * header.width ? 3 : 1 } }));
    },
    async close() {},
  };
}

describe("PredictionService", () => {
  let store: ReturnType<typeof fakeStore>;
  let prepared: ImageIntake[][];
  let published: Array<[string, unknown]>;
  let counted: string[];
  let charges: number[];
  let service: PredictionService;
  const caller: Caller = { client: "tester", charge: async (points) => { charges.push(points); } };

  beforeEach(() => {
    store = fakeStore();
    prepared = [];
    published = [];
    counted = [];
    charges = [];
    const parts: PredictionServiceParts = {
      store: store.store,
      preparer: fakePreparer(prepared),
      models: {
        current: () => ({
          version: "test-model",
          card: { version: "test-model" } as ModelCard,
          async classify(input: Float32Array) {
            const digit = input[0]! % 10;
            const probabilities = Array.from({ length: 10 }, (_, d) => (d === digit ? 0.973 : 0.003));
            return { digit, confidence: 0.973, probabilities, notADigit: null };
          },
        }),
      },
      pubSub: { publish: (topic: string, payload: unknown) => { published.push([topic, payload]); } } as PredictionServiceParts["pubSub"],
      metrics: {
        predictions: { inc: (labels: { digit: string }) => { counted.push(labels.digit); } },
        predictionLatency: { observe: () => {} },
      } as unknown as PredictionServiceParts["metrics"],
      limits: { maxImageBytes: 2 * 1024 * 1024, maxImageSide: 2048, maxBatch: 4 },
    };
    service = new PredictionService(parts);
  });

  const topics = () => published.map(([topic]) => topic);
  /** What `call` was refused with. */
  const refusal = async (call: Promise<unknown>) => {
    const error = await call.then(() => null, (e: unknown) => e);
    if (!(error instanceof AppError)) throw new Error(`expected an AppError, got ${String(error)}`);
    return error;
  };

  it("predictOne stores the drawing, announces PREDICTION_ADDED, and gives its maker a token", async () => {
    const png = drawingOf(3);
    const { prediction, replaceToken } = await service.predictOne(caller, { image: dataUrl(png) });
    expect(prediction).toMatchObject({
      digit: 3, confidence: 0.973, trueLabel: null, correct: null, modelVersion: "test-model", verdict: "CONFIDENT", imageUrl: `/predictions/${prediction.id}/image.png`,
    });
    const [stored] = [...store.rows.values()];
    expect(String(stored!.row.id)).toBe(prediction.id);
    expect(Buffer.from(stored!.data.imageData).equals(png)).toBe(true);
    // Only the token's hash is stored.
    expect(Buffer.from(stored!.data.replaceKey!).equals(createHash("sha256").update(replaceToken).digest())).toBe(true);
    expect(published).toEqual([[Topic.PredictionAdded, prediction]]);
    expect(counted).toEqual(["3"]);
    expect(charges).toEqual([]); // a canvas drawing costs nothing beyond the point paid up front
  });

  it("publishes PREDICTION_REMOVED only when a replace did remove the earlier prediction", async () => {
    const first = await service.predictOne(caller, { image: dataUrl(drawingOf(1)) });
    published.length = 0;

    // A wrong token: the earlier prediction stays, the new one is added.
    const wrongToken = await service.predictOne(caller, { image: dataUrl(drawingOf(7)), replaces: first.prediction.id, replaceToken: "x".repeat(24) });
    expect(topics()).toEqual([Topic.PredictionAdded]);
    expect(store.rows.has(Number(first.prediction.id))).toBe(true);

    published.length = 0;
    const second = await service.predictOne(caller, { image: dataUrl(drawingOf(7)), replaces: first.prediction.id, replaceToken: first.replaceToken });
    expect(published).toEqual([[Topic.PredictionRemoved, first.prediction.id], [Topic.PredictionAdded, second.prediction]]);
    expect(store.rows.has(Number(first.prediction.id))).toBe(false);
    expect(store.calls).toEqual(["create", `replace(${first.prediction.id})`, `replace(${first.prediction.id})`]);

    // A labeled prediction is kept.
    await service.label(wrongToken.prediction.id, 7);
    published.length = 0;
    await service.predictOne(caller, { image: dataUrl(drawingOf(7)), replaces: wrongToken.prediction.id, replaceToken: wrongToken.replaceToken });
    expect(topics()).toEqual([Topic.PredictionAdded]);
  });

  it("stores the verdict the ink and the confidence give", async () => {
    const severalThings = await service.predictOne(caller, { image: dataUrl(greyPng(100, 300, (x) => (x % 50 < 5 ? 0 : 255))) });
    expect(severalThings.prediction.verdict).toBe("NOT_A_DIGIT");
    const [record] = await service.predictMany(caller, [dataUrl(drawingOf(6))]);
    expect(record!.verdict).toBe("CONFIDENT");
    expect([...store.rows.values()].map((stored) => stored.data.verdict)).toEqual(["NOT_A_DIGIT", "CONFIDENT"]);
  });

  it("refuses half a replace request before any work", async () => {
    const error = await refusal(service.predictOne(caller, { image: dataUrl(drawingOf(1)), replaces: "1" }));
    expect(error.code).toBe("BAD_USER_INPUT");
    expect(prepared).toEqual([]);
    expect(store.calls).toEqual([]);
    expect(published).toEqual([]);
  });

  it("refuses a single bad image with its code and no index", async () => {
    const error = await refusal(service.predictOne(caller, { image: dataUrl(BLANK) }));
    expect(error).toBeInstanceOf(ImageRejected);
    expect(error).toMatchObject({ code: "EMPTY_CANVAS", index: undefined, details: {} });
    expect(error.message).not.toMatch(/images\[/);
    expect(store.calls).toEqual([]);
  });

  it("predictMany stores a batch together, in order, and announces each", async () => {
    const records = await service.predictMany(caller, [1, 2, 3].map((d) => dataUrl(drawingOf(d))));
    expect(records.map((r) => r.digit)).toEqual([1, 2, 3]);
    expect(store.calls).toEqual(["createMany(3)"]);
    expect(published).toEqual(records.map((r) => [Topic.PredictionAdded, r]));
    expect(await service.predictMany(caller, [])).toEqual([]);
  });

  it("predictMany over the batch limit is BAD_USER_INPUT, before any image is looked at", async () => {
    const error = await refusal(service.predictMany(caller, Array.from({ length: 5 }, () => dataUrl(drawingOf(1)))));
    expect(error.code).toBe("BAD_USER_INPUT");
    expect(error.message).toBe("At most 4 images per call, got 5");
    expect(prepared).toEqual([]);
    expect(charges).toEqual([]);
  });

  it("names the refused image of a batch by its index and keeps its code, storing none", async () => {
    const good = dataUrl(drawingOf(4));
    // Refused while decoding (the preparer's rejection).
    const blank = await refusal(service.predictMany(caller, [good, good, dataUrl(BLANK), good]));
    expect(blank).toBeInstanceOf(ImageRejected);
    expect(blank).toMatchObject({ code: "EMPTY_CANVAS", index: 2, details: { index: 2 } });
    expect(blank.message).toBe("images[2]: The canvas is empty: draw a digit first");
    // Refused from its header, before anything is prepared.
    const before = prepared.length;
    const garbage = await refusal(service.predictMany(caller, [good, good, "not an image", good]));
    expect(garbage).toMatchObject({ code: "INVALID_IMAGE", index: 2 });
    expect(garbage.message).toMatch(/^images\[2\]: /);
    expect(prepared).toHaveLength(before);
    expect(store.calls).toEqual([]);
    expect(published).toEqual([]);
  });

  it("charges the extra points big images' headers declare, once per call, before preparing them", async () => {
    await service.predictMany(caller, [dataUrl(greyPng(1024, 1024)), dataUrl(drawingOf(2)), dataUrl(greyPng(600, 600))]);
    expect(charges).toEqual([4 + 0 + 1]);
    await service.predictOne(caller, { image: dataUrl(greyPng(2048, 512)) });
    expect(charges).toEqual([5, 4]);

    // A charge that throws (out of budget) stops the call before decoding or storing.
    const broke: Caller = { client: "broke", charge: async () => { throw new AppError("RATE_LIMITED", "slow down"); } };
    const calls = store.calls.length;
    const before = prepared.length;
    expect((await refusal(service.predictOne(broke, { image: dataUrl(greyPng(1024, 1024)) }))).code).toBe("RATE_LIMITED");
    expect(prepared).toHaveLength(before);
    expect(store.calls).toHaveLength(calls);
  });

  it("labels a prediction and announces PREDICTION_UPDATED", async () => {
    const { prediction } = await service.predictOne(caller, { image: dataUrl(drawingOf(5)) });
    published.length = 0;
    const wrong = await service.label(prediction.id, 6);
    expect(wrong).toMatchObject({ id: prediction.id, digit: 5, trueLabel: 6, correct: false });
    expect(wrong.labeledAt).toBeInstanceOf(Date);
    expect(published).toEqual([[Topic.PredictionUpdated, wrong]]);
    expect(await service.label(prediction.id, 5)).toMatchObject({ trueLabel: 5, correct: true });
  });

  it("labeling an unknown id is NOT_FOUND, and an id that cannot exist never reaches the store", async () => {
    const unknown = await refusal(service.label("999", 3));
    expect(unknown.code).toBe("NOT_FOUND");
    expect(unknown.message).toBe("Prediction 999 not found");
    for (const id of ["abc", "0", "99999999999"]) expect((await refusal(service.label(id, 3))).code).toBe("NOT_FOUND");
    expect(store.calls).toEqual(["setLabel(999)"]);
    expect(published).toEqual([]);
  });

  it("finds a prediction by id, and null for ids that do not or cannot exist", async () => {
    const { prediction } = await service.predictOne(caller, { image: dataUrl(drawingOf(8)) });
    expect(await service.find(prediction.id)).toEqual(prediction);
    expect(await service.find("424242")).toBeNull();
    expect(await service.find("not-an-id")).toBeNull();
  });
});
