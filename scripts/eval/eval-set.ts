import type { MnistSet } from "../lib/mnist.ts";
import { prng } from "../lib/pipeline-check.ts";

/** One image of an evaluation set. */
export interface EvalImage {
  png: Buffer;
  /** The digit drawn, or null for something that is not a digit. */
  label: number | null;
  /** The kind of image within its set (a pen, a hand, "dots", "letters", ...), for breakdowns. */
  family: string;
  /** How this image was made, enough to find it again. */
  note: string;
}

export interface EvalSetOptions {
  /** Images to make. */
  count: number;
  /** Same seed, same images, byte for byte. */
  seed: number;
  /** The MNIST digits to draw from (default: the test set). */
  source?: MnistSet;
}

/** An evaluation set: a name, and a generator of its images. */
export interface EvalSet {
  name: string;
  /** What a reader of the results needs to know about it. */
  description: string;
  /** Whether its images hold digits (accuracy counts) or not (refusal counts). */
  digits: boolean;
  /** The fixed seed its published numbers come from. */
  seed: number;
  defaultCount: number;
  quickCount: number;
  images(options: EvalSetOptions): AsyncGenerator<EvalImage>;
}

/**
 * A random source for item `n` of a set, independent of every other item: a set of 300 is then
 * the first 300 of the set of 2,000, and one image can be rebuilt alone.
 */
export function itemRandom(seed: number, n: number, stream = 0): () => number {
  return prng((Math.imul(seed, 0x9e3779b1) ^ Math.imul(n + 1, 0x85ebca6b) ^ Math.imul(stream + 1, 0xc2b2ae35)) | 0);
}

/** A seeded order of 0..count-1 (Fisher-Yates): the first k are a random choice of k. */
export function shuffledIndices(count: number, seed: number): number[] {
  const random = prng(seed);
  const order = Array.from({ length: count }, (_, i) => i);
  for (let i = count - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return order;
}

/** A uniform number in [low, high). */
export const between = (random: () => number, low: number, high: number) => low + random() * (high - low);

/** One of the choices, uniformly. */
export const pick = <T>(random: () => number, choices: readonly T[]): T => choices[Math.floor(random() * choices.length)]!;
