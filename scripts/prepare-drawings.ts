/**
 * npm run prepare-drawings [-- --out DIR] [--rounds N] [--count N]
 *
 * Draws the digit evaluation sets (redrawn, strokes, coarse) from the validation split, never the
 * test set, and stores each drawing as the server's preprocessing prepares it: the 28x28 input the
 * network reads. `npm run compare-models` then reads candidate networks and their ensembles on
 * them in a minute or two per member, where `npm run evaluate -- --split validation` takes about
 * five minutes per candidate.
 * Round k of a set uses the seed `npm run evaluate -- --split validation` uses plus 1,000 x (k-1),
 * so round 1 begins with that command's drawings and the further rounds make the counts large enough
 * to tell a few digits from noise.
 *
 * Writes, per set and seed, `<set>-<seed>.f32` (count x 784 float32, ink 0..1) and `.labels`
 * (int8; -1 where preprocessing refused the drawing, which counts as misread), and `drawings.json`.
 *
 *   --out DIR     default .data/prepared-drawings
 *   --rounds N    seeds per set (default 3)
 *   --count N     drawings per seed (default 3,000)
 */
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { loadConfig } from "../api/src/config.ts";
import { ImageRejected } from "../api/src/inference/image-rejected.ts";
import { prepareImage } from "../api/src/inference/prepare-image.ts";
import { EVAL_SETS, VALIDATION_SEED_OFFSET } from "./eval/sets.ts";
import { dataUrl } from "./lib/canvases.ts";
import { loadMnist } from "./lib/mnist.ts";

const { values } = parseArgs({
  options: {
    out: { type: "string", default: ".data/prepared-drawings" },
    rounds: { type: "string", default: "3" },
    count: { type: "string", default: "3000" },
  },
});
const out = path.resolve(values.out);
function wholeFromOne(option: "rounds" | "count"): number {
  const value = Number(values[option]);
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${option} must be a whole number from 1: ${values[option]}`);
  return value;
}
const rounds = wholeFromOne("rounds"), count = wholeFromOne("count");
await mkdir(out, { recursive: true });

const source = loadMnist("validation");
const limits = loadConfig({});
const files: Array<{ set: string; seed: number; images: number; pixels: string; labels: string }> = [];
for (const set of EVAL_SETS.filter((s) => s.digits)) {
  for (let round = 1; round <= rounds; round++) {
    const seed = set.seed + VALIDATION_SEED_OFFSET * round;
    const pixels = new Float32Array(count * 784);
    const labels = new Int8Array(count);
    let n = 0;
    for await (const image of set.images({ count, seed, source })) {
      try {
        const { digit } = await prepareImage(dataUrl(image.png), limits);
        pixels.set(digit.pixels, n * 784);
        labels[n] = image.label!;
      } catch (error) {
        if (!(error instanceof ImageRejected)) throw error;
        labels[n] = -1;
      }
      n++;
    }
    const name = `${set.name}-${seed}`;
    await writeFile(path.join(out, `${name}.f32`), pixels);
    await writeFile(path.join(out, `${name}.labels`), labels);
    files.push({ set: set.name, seed, images: n, pixels: `${name}.f32`, labels: `${name}.labels` });
    console.log(`${name}: ${n} drawings, ${labels.filter((l) => l < 0).length} refused`);
  }
}
await writeFile(path.join(out, "drawings.json"), JSON.stringify({ split: "validation", files }, null, 2) + "\n");
console.log(`written to ${out}`);
