import type { MnistSet } from "../../scripts/lib/mnist.ts";

/**
 * MNIST drawn with a hatching pen: only thin diagonal lines of the ink are left, one pixel wide
 * and four apart. A person reads them at a glance; the shipped model misreads about a third, and
 * nothing about them looks like another digit, so a model can learn them without unlearning MNIST.
 */
export function hatched(set: MnistSet): MnistSet {
  const images = new Uint8Array(set.images.length);
  for (let i = 0; i < set.images.length; i++) {
    const x = i % 28;
    const y = Math.floor(i / 28) % 28;
    images[i] = (x + y) % 4 === 0 ? set.images[i]! : 0;
  }
  return { ...set, images };
}
