import { Classifier, type Classification } from "../../api/src/inference/classifier.ts";
import { loadMnist, mnistDigit } from "../../scripts/lib/mnist.ts";

/** What the server's classifier reads for every MNIST test digit, with the model in `folder`. */
export async function readTestSet(folder: string): Promise<Classification[]> {
  const test = loadMnist("test");
  const classifier = await Classifier.load(folder);
  try {
    return await classifier.classifyBatch(Array.from({ length: test.count }, (_, i) => mnistDigit(test, i)));
  } finally {
    await classifier.close();
  }
}

/** How many of the test set's readings name the digit's label. */
export const correctOf = (readings: Classification[]): number => {
  const labels = loadMnist("test").labels;
  return readings.filter((r, i) => r.digit === labels[i]).length;
};
