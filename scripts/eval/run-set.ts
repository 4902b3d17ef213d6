import type { Verdict } from "../../api/src/domain/prediction.ts";
import type { Classifier } from "../../api/src/inference/classifier.ts";
import type { Bitmap } from "../../api/src/inference/decode-image.ts";
import type { ImageLimits } from "../../api/src/inference/image-intake.ts";
import { ImageRejected } from "../../api/src/inference/image-rejected.ts";
import { prepareImage } from "../../api/src/inference/prepare-image.ts";
import type { MnistDigit } from "../../api/src/inference/preprocess.ts";
import { toMnistDigit } from "../../api/src/inference/preprocess.ts";
import { judge, type VerdictReason } from "../../api/src/services/verdict.ts";
import { dataUrl } from "../lib/canvases.ts";
import type { MnistSet } from "../lib/mnist.ts";
import type { EvalImage } from "./eval-set.ts";

/** What happened to a group of images: counts, not rates. */
export interface Tally {
  images: number;
  /** Images whose label is a digit, and of those, read as that digit. */
  labelled: number;
  correct: number;
  verdicts: Record<Verdict, number>;
  /** Of the CONFIDENT verdicts on labelled images, how many were right. */
  confidentCorrect: number;
  /** Refused before the network (ImageRejected), by code. */
  refused: Record<string, number>;
  /** What decided each NOT_A_DIGIT verdict. */
  reasons: Partial<Record<VerdictReason, number>>;
}

export interface SetResult extends Tally {
  name: string;
  seconds: number;
  families: Record<string, Tally>;
  /** The same by label (digits only): which digits are misread or refused. */
  labels: Record<string, Tally>;
  /** A few wrong readings or wrong verdicts per family, to look at. */
  examples: Example[];
}

/** An image read otherwise than its set expects, and what came of it. */
export interface Example {
  family: string;
  note: string;
  label: number | null;
  /** The reading, or null where the image was refused before the network. */
  predicted: number | null;
  confidence: number | null;
  verdict: Verdict | string;
}

/** An example with what the network was given to read. */
export interface Misread extends Example {
  /** The network's 28x28 input (0..1, ink high), or null where the image was refused. */
  pixels: Float32Array | null;
}

export const emptyTally = (): Tally => ({
  images: 0,
  labelled: 0,
  correct: 0,
  verdicts: { CONFIDENT: 0, UNSURE: 0, NOT_A_DIGIT: 0 },
  confidentCorrect: 0,
  refused: {},
  reasons: {},
});

const refusedCount = (tally: Tally) => Object.values(tally.refused).reduce((a, b) => a + b, 0);

/** Per cent of `part` in `whole`, or null for an empty group. */
export const percent = (part: number, whole: number): number | null => (whole === 0 ? null : (100 * part) / whole);

/** The rates a report shows for a tally, in per cent. */
export function rates(tally: Tally) {
  const refused = refusedCount(tally);
  return {
    images: tally.images,
    accuracy: percent(tally.correct, tally.labelled),
    confident: percent(tally.verdicts.CONFIDENT, tally.images),
    unsure: percent(tally.verdicts.UNSURE, tally.images),
    notADigit: percent(tally.verdicts.NOT_A_DIGIT, tally.images),
    refused: percent(refused, tally.images),
    /** NOT_A_DIGIT or refused: what the app does not read as a digit. */
    flagged: percent(tally.verdicts.NOT_A_DIGIT + refused, tally.images),
    rightWhenConfident: percent(tally.confidentCorrect, tally.verdicts.CONFIDENT),
  };
}

type Outcome = { refused: string } | { predicted: number; confidence: number; verdict: Verdict; reason: VerdictReason };

function count(tally: Tally, label: number | null, outcome: Outcome): void {
  tally.images++;
  if (label !== null) tally.labelled++;
  if ("refused" in outcome) {
    tally.refused[outcome.refused] = (tally.refused[outcome.refused] ?? 0) + 1;
    return;
  }
  tally.verdicts[outcome.verdict]++;
  if (outcome.verdict === "NOT_A_DIGIT") tally.reasons[outcome.reason] = (tally.reasons[outcome.reason] ?? 0) + 1;
  if (label !== null && outcome.predicted === label) {
    tally.correct++;
    if (outcome.verdict === "CONFIDENT") tally.confidentCorrect++;
  }
}

/** Images classified together: one ONNX run per batch, as the server's batch queue does under load. */
const BATCH = 64;
/** Examples kept per family: enough to see what goes wrong, not a dump. */
const EXAMPLES_PER_FAMILY = 5;

/**
 * Runs a set through the server's own path, image by image: data URL -> prepareImage (intake,
 * decode, preprocess, ink summary) -> classifier.classifyBatch -> judge. An image the intake or
 * preprocessing refuses (ImageRejected, e.g. EMPTY_CANVAS) counts as refused. `onMisread` hears of
 * every image read otherwise than its set expects, with the network's input.
 */
export async function runSet(
  name: string,
  images: AsyncIterable<EvalImage>,
  classifier: Classifier,
  limits: ImageLimits,
  onMisread?: (misread: Misread) => void,
): Promise<SetResult> {
  const started = performance.now();
  const result: SetResult = { name, ...emptyTally(), seconds: 0, families: {}, labels: {}, examples: [] };
  let pending: Array<{ image: EvalImage; digit: MnistDigit }> = [];
  const record = (image: EvalImage, outcome: Outcome, pixels: Float32Array | null) => {
    count(result, image.label, outcome);
    count((result.families[image.family] ??= emptyTally()), image.label, outcome);
    if (image.label !== null) count((result.labels[image.label] ??= emptyTally()), image.label, outcome);
    // For a digit, a wrong reading or a refusal to read it; for anything else, a reading.
    const wrong = "refused" in outcome ? image.label !== null : image.label === null ? outcome.verdict !== "NOT_A_DIGIT" : outcome.predicted !== image.label || outcome.verdict === "NOT_A_DIGIT";
    if (!wrong) return;
    const example: Example = {
      family: image.family,
      note: image.note,
      label: image.label,
      predicted: "refused" in outcome ? null : outcome.predicted,
      confidence: "refused" in outcome ? null : Number(outcome.confidence.toFixed(4)),
      verdict: "refused" in outcome ? `refused ${outcome.refused}` : outcome.verdict,
    };
    if (result.examples.filter((e) => e.family === image.family).length < EXAMPLES_PER_FAMILY) result.examples.push(example);
    onMisread?.({ ...example, pixels });
  };
  const flush = async () => {
    if (pending.length === 0) return;
    const classified = await classifier.classifyBatch(pending.map((p) => p.digit.pixels));
    pending.forEach(({ image, digit }, i) => {
      const reading = classified[i]!;
      const { verdict, reason } = judge(reading, digit.ink);
      record(image, { predicted: reading.digit, confidence: reading.confidence, verdict, reason }, digit.pixels);
    });
    pending = [];
  };
  for await (const image of images) {
    try {
      const { digit } = await prepareImage(dataUrl(image.png), limits);
      pending.push({ image, digit });
    } catch (error) {
      if (!(error instanceof ImageRejected)) throw error;
      record(image, { refused: error.code }, null);
    }
    if (pending.length >= BATCH) await flush();
  }
  await flush();
  result.seconds = (performance.now() - started) / 1000;
  return result;
}

/** MNIST digit `index` as a 28x28 RGBA bitmap, white ink on black, as its file holds it. */
export function mnistBitmap(set: MnistSet, index: number): Bitmap {
  const data = new Uint8Array(784 * 4);
  for (let p = 0; p < 784; p++) {
    const level = set.images[index * 784 + p]!;
    data.set([level, level, level, 255], p * 4);
  }
  return { width: 28, height: 28, data };
}

/**
 * An MNIST split's verdicts (the test set unless named otherwise): each digit's own pixels go straight to the classifier (so the
 * accuracy is the model card's), and its ink summary comes from the server's preprocessing run on
 * the 28x28 image as if it were a canvas (crop, 20 px box, centre of mass; extent against 28 px).
 */
export async function runMnist(set: MnistSet, classifier: Classifier, digits: (index: number) => Float32Array, name = "mnist-test"): Promise<SetResult> {
  const started = performance.now();
  const result: SetResult = { name, ...emptyTally(), seconds: 0, families: {}, labels: {}, examples: [] };
  for (let start = 0; start < set.count; start += 500) {
    const indices = Array.from({ length: Math.min(500, set.count - start) }, (_, i) => start + i);
    const readings = await classifier.classifyBatch(indices.map(digits));
    readings.forEach((reading, k) => {
      const index = indices[k]!;
      const label = set.labels[index]!;
      const { verdict, reason } = judge(reading, toMnistDigit(mnistBitmap(set, index)).ink);
      const outcome: Outcome = { predicted: reading.digit, confidence: reading.confidence, verdict, reason };
      count(result, label, outcome);
      count((result.families[String(label)] ??= emptyTally()), label, outcome);
      count((result.labels[label] ??= emptyTally()), label, outcome);
      if ((reading.digit !== label || verdict === "NOT_A_DIGIT") && result.examples.filter((e) => e.family === String(label)).length < EXAMPLES_PER_FAMILY) {
        result.examples.push({ family: String(label), note: `#${index}`, label, predicted: reading.digit, confidence: Number(reading.confidence.toFixed(4)), verdict });
      }
    });
  }
  result.seconds = (performance.now() - started) / 1000;
  return result;
}
