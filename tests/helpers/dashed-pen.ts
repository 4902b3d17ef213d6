import type { MnistSet } from "../../scripts/lib/mnist.ts";

/**
 * MNIST drawn with a dashed pen: every other diagonal band of the ink left out. The shipped model
 * misreads a good share of these; nothing about them looks like another digit, so a model can
 * learn them without unlearning MNIST.
 */
export function dashed(set: MnistSet): MnistSet {
  const images = new Uint8Array(set.images.length);
  for (let i = 0; i < set.images.length; i++) {
    const x = i % 28;
    const y = Math.floor(i / 28) % 28;
    images[i] = Math.floor((x + y) / 2) % 2 === 0 ? 0 : set.images[i]!;
  }
  return { ...set, images };
}
