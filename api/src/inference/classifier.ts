import * as ort from "onnxruntime-node";
import { BatchQueue } from "../lib/batch-queue.ts";
import { checkBytes, inputShape, readModelFolder, type ModelCard } from "./model-card.ts";

export interface Classification {
  digit: number;
  confidence: number;
  probabilities: number[];
  /** The probability that the drawing is no digit at all, from the model's own output for it; null for a model without one. */
  notADigit: number | null;
}

/** Probabilities from logits divided by the calibration temperature. */
function softmax(logits: Float32Array, offset: number, temperature: number): number[] {
  let max = -Infinity;
  for (let i = 0; i < 10; i++) max = Math.max(max, logits[offset + i]!);
  const exps = Array.from({ length: 10 }, (_, i) => Math.exp((logits[offset + i]! - max) / temperature));
  const sum = exps.reduce((a, b) => a + b, 0);
  return exps.map((e) => e / sum);
}

export interface ClassifierOptions {
  /** Most inputs in one session run. */
  maxBatch?: number;
  /** ONNX Runtime's intra-op threads. */
  threads?: number;
}

/**
 * One long-lived ONNX Runtime session. Requests that arrive while a run is in flight are queued
 * and go together in the next run (dynamic batching without a timer: a lone request never waits).
 */
export class Classifier {
  private readonly queue: BatchQueue<Float32Array, Classification>;

  private constructor(
    private readonly session: ort.InferenceSession,
    readonly card: ModelCard,
    maxBatch: number,
  ) {
    this.queue = new BatchQueue((inputs) => this.classifyBatch(inputs), { maxBatch });
    this.shape = inputShape(card);
    this.pixels = this.shape.reduce((a, b) => a * b, 1);
  }

  /** One input's shape without the batch dimension, and its number of values. */
  private readonly shape: number[];
  private readonly pixels: number;

  /** The model in a folder: model-card.json and the ONNX file it names. */
  static async load(modelDir: string, options: ClassifierOptions = {}): Promise<Classifier> {
    const { card, onnx } = await readModelFolder(modelDir);
    return Classifier.fromBytes(onnx, card, options);
  }

  /** A model from its ONNX bytes and card (e.g. from the model registry); the bytes must match the card's sha256. */
  static async fromBytes(bytes: Uint8Array, card: ModelCard, options: ClassifierOptions = {}): Promise<Classifier> {
    checkBytes(card, bytes);
    const session = await ort.InferenceSession.create(bytes, {
      intraOpNumThreads: options.threads ?? 1,
      interOpNumThreads: 1,
      graphOptimizationLevel: "all",
    });
    return new Classifier(session, card, options.maxBatch ?? 64);
  }

  /** Classifies one 28x28 digit, ink 0..1 (as preprocessing makes it). */
  classify(input: Float32Array): Promise<Classification> {
    if (input.length !== this.pixels) return Promise.reject(new Error(`expected ${this.pixels} values, got ${input.length}`));
    return this.queue.add(input);
  }

  /** Runs many digits in one session call, normalised as the model card says (used by the batch queue, evaluation and benchmarks). */
  async classifyBatch(inputs: Float32Array[]): Promise<Classification[]> {
    const { mean, std } = this.card.input.normalization;
    const data = new Float32Array(inputs.length * this.pixels);
    inputs.forEach((input, i) => {
      const offset = i * this.pixels;
      for (let p = 0; p < this.pixels; p++) data[offset + p] = (input[p]! - mean) / std;
    });
    const tensor = new ort.Tensor("float32", data, [inputs.length, ...this.shape]);
    const outputs = await this.session.run({ [this.card.input.name]: tensor });
    const logits = outputs[this.card.output.name]!.data as Float32Array;
    const doubt = this.card.notADigitOutput ? (outputs[this.card.notADigitOutput.name]!.data as Float32Array) : null;
    return inputs.map((_, i) => {
      const probabilities = softmax(logits, i * 10, this.card.calibration?.temperature ?? 1);
      let digit = 0;
      for (let d = 1; d < 10; d++) if (probabilities[d]! > probabilities[digit]!) digit = d;
      return { digit, confidence: probabilities[digit]!, probabilities, notADigit: doubt ? 1 / (1 + Math.exp(-doubt[i]!)) : null };
    });
  }

  async close(): Promise<void> {
    await this.session.release();
  }
}
