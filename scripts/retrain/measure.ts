import type { Measured } from "../../api/src/domain/model-version.ts";
import type { Classifier } from "../../api/src/inference/classifier.ts";
import type { ImageLimits } from "../../api/src/inference/image-intake.ts";
import type { EvalImage } from "../eval/eval-set.ts";
import { rates, runSet } from "../eval/run-set.ts";
import { EVAL_SETS } from "../eval/sets.ts";
import { loadMnist, mnistDigit } from "../lib/mnist.ts";
import type { Correction } from "./corrections.ts";

const round = (value: number) => Number(value.toFixed(2));

async function* each<T>(items: T[]): AsyncGenerator<T> {
  yield* items;
}

/** The same images for every model measured: the MNIST test set, the evaluation sets, the held-out corrections. */
export interface Bench {
  sets: Array<{ name: string; digits: boolean; images: EvalImage[] }>;
  heldOut: Correction[];
}

export async function buildBench(heldOut: Correction[], quick: boolean): Promise<Bench> {
  const sets = [];
  for (const set of EVAL_SETS) {
    const images: EvalImage[] = [];
    for await (const image of set.images({ count: quick ? set.quickCount : set.defaultCount, seed: set.seed })) images.push(image);
    sets.push({ name: set.name, digits: set.digits, images });
  }
  return { sets, heldOut };
}

/** One model's figures on the bench, in per cent, through the server's own path. */
export async function measure(classifier: Classifier, bench: Bench, limits: ImageLimits): Promise<Measured & { mnistCorrect: number }> {
  const test = loadMnist("test");
  let mnistCorrect = 0;
  for (let start = 0; start < test.count; start += 1000) {
    const indices = Array.from({ length: Math.min(1000, test.count - start) }, (_, i) => start + i);
    const readings = await classifier.classifyBatch(indices.map((i) => mnistDigit(test, i)));
    readings.forEach((reading, k) => { if (reading.digit === test.labels[indices[k]!]) mnistCorrect++; });
  }
  const sets: Record<string, number> = {};
  for (const set of bench.sets) {
    const r = rates(await runSet(set.name, each(set.images), classifier, limits));
    const value = set.digits ? r.accuracy : r.flagged;
    if (value !== null) sets[set.name] = round(value);
  }
  const figures: Measured & { mnistCorrect: number } = { mnistTest: round((100 * mnistCorrect) / test.count), mnistCorrect, sets };
  if (bench.heldOut.length > 0) {
    const readings = await classifier.classifyBatch(bench.heldOut.map((c) => c.pixels));
    const right = readings.filter((reading, i) => reading.digit === bench.heldOut[i]!.label).length;
    figures.corrections = { images: bench.heldOut.length, accuracy: round((100 * right) / bench.heldOut.length) };
  }
  return figures;
}
