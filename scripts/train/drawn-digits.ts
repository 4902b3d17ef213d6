/**
 * tsx scripts/train/drawn-digits.ts --count N --seed S --out FILE
 *
 * Training digits drawn as people draw them, for `train.py --drawn`: MNIST training digits (never
 * the validation split or the test set) redrawn on a canvas and traced into mouse and finger
 * strokes by the evaluation sets' own generators, then read back through the server's own intake
 * and preprocessing. Writes FILE (N x 784 bytes, ink 0..255 as the network reads it) and FILE.labels.
 */
import { writeFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { loadConfig } from "../../api/src/config.ts";
import { ImageRejected } from "../../api/src/inference/image-rejected.ts";
import { prepareImage } from "../../api/src/inference/prepare-image.ts";
import type { EvalImage } from "../eval/eval-set.ts";
import { redrawnImages } from "../eval/redrawn-set.ts";
import { strokesImages } from "../eval/strokes-set.ts";
import { dataUrl } from "../lib/canvases.ts";
import { trainingPart } from "../lib/mnist.ts";

const { values } = parseArgs({ options: { count: { type: "string" }, seed: { type: "string" }, out: { type: "string" } } });
if (!values.count || !values.seed || !values.out) throw new Error("usage: drawn-digits.ts --count N --seed S --out FILE");
const count = Number(values.count), seed = Number(values.seed);
const limits = loadConfig({});
const source = trainingPart();

const images = new Uint8Array(count * 784);
const labels = new Uint8Array(count);
let made = 0;
/** Half redrawn canvases, half strokes, interleaved so that any prefix of the file is a fair mix. */
const generators: Array<AsyncGenerator<EvalImage>> = [
  redrawnImages({ count: Math.ceil(count / 2), seed, source }),
  strokesImages({ count: Math.floor(count / 2), seed: seed + 1, source }),
];
while (made < count) {
  const { value, done } = await generators[made % 2]!.next();
  if (done) break;
  try {
    const { digit } = await prepareImage(dataUrl(value.png), limits);
    for (let i = 0; i < 784; i++) images[made * 784 + i] = Math.round(digit.pixels[i]! * 255);
    labels[made] = value.label!;
    if (++made % 2000 === 0) console.log(`${made}/${count}`);
  } catch (error) {
    if (!(error instanceof ImageRejected)) throw error;
  }
}
await writeFile(values.out, images.subarray(0, made * 784));
await writeFile(`${values.out}.labels`, labels.subarray(0, made));
console.log(`${made} drawn digits -> ${values.out}`);
