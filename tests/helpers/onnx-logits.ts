import * as ort from "onnxruntime-node";
import type { ModelCard } from "../../api/src/domain/model-card.ts";
import { loadMnist, mnistDigit } from "../../scripts/lib/mnist.ts";

/*
 * A model file's raw outputs for a batch, read with a bare ONNX Runtime session (not the server's
 * classifier), for tests that compare graphs with each other.
 */

/** The first `count` MNIST test digits, normalised as `card` says, as the classifier normalises them. */
export function testDigitsFor(card: Pick<ModelCard, "input">, count: number): Float32Array {
  const { mean, std } = card.input.normalization;
  const test = loadMnist("test");
  const input = new Float32Array(count * 784);
  for (let i = 0; i < count; i++) input.set(mnistDigit(test, i).map((v) => (v - mean) / std), i * 784);
  return input;
}

/** The first output of `onnxFile` for `count` normalised 28x28 images. */
export async function logitsOf(onnxFile: string, input: Float32Array, count: number): Promise<Float32Array> {
  const session = await ort.InferenceSession.create(onnxFile);
  try {
    const out = await session.run({ [session.inputNames[0]!]: new ort.Tensor("float32", input, [count, 1, 28, 28]) });
    return out[session.outputNames[0]!]!.data as Float32Array;
  } finally {
    await session.release();
  }
}

/** Each row of ten logits as log-probabilities. */
export function logSoftmaxRows(logits: Float32Array): number[] {
  const out: number[] = [];
  for (let row = 0; row < logits.length; row += 10) {
    const slice = Array.from(logits.subarray(row, row + 10));
    const top = Math.max(...slice);
    const logSum = top + Math.log(slice.reduce((sum, v) => sum + Math.exp(v - top), 0));
    out.push(...slice.map((v) => v - logSum));
  }
  return out;
}
