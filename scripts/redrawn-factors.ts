/**
 * npm run redrawn-factors [-- --model DIR] [--count N]
 *
 * Which of the redrawn set's changes a model reads worst, one at a time: the first N digits of the
 * validation split (default 1,500; never the test set) are drawn by the redrawn set's own
 * generator on a 280 px canvas at 60 % of its side with a regular pen, then again with one change
 * (a thick or thin pen, rotation, slant, and the pairs the set combines), and go through the
 * server's preprocessing and the model, as `npm run evaluate` reads its sets. Prints the digits
 * misread (or refused) per change and by digit.
 * Signs of rotation and slant alternate from digit to digit, so every run draws the same images.
 */
import path from "node:path";
import { parseArgs } from "node:util";
import { loadConfig } from "../api/src/config.ts";
import { Classifier } from "../api/src/inference/classifier.ts";
import type { EvalImage } from "./eval/eval-set.ts";
import { redrawDigit, type Redraw } from "./eval/redrawn-set.ts";
import { runSet } from "./eval/run-set.ts";
import { loadMnist } from "./lib/mnist.ts";
import { inkPng } from "./lib/render-canvas.ts";

const { values } = parseArgs({ options: { model: { type: "string" }, count: { type: "string", default: "1500" } } });
const classifier = await Classifier.load(values.model ? path.resolve(values.model) : loadConfig().modelDir);
const limits = loadConfig({});
const set = loadMnist("validation");
const count = Math.min(set.count, Number(values.count));

const THICK = 0.8, THIN = -0.6, TURN = (18 * Math.PI) / 180, SLANT = 0.3;
/** Each change, given the sign (+1 or -1) this digit takes. */
const CHANGES: Array<[string, (r: Redraw, sign: number) => void]> = [
  ["plain", () => {}],
  [`thick pen (+${THICK} px)`, (r) => Object.assign(r, { pen: "thick", penOffset: THICK })],
  [`thin pen (${THIN} px)`, (r) => Object.assign(r, { pen: "thin", penOffset: THIN })],
  ["rotated 18 deg", (r, s) => Object.assign(r, { rotation: s * TURN })],
  [`slanted ${SLANT}`, (r, s) => Object.assign(r, { slant: s * SLANT })],
  // A clockwise rotation and a positive slant both lean the digit's top to the right.
  ["rotated and slanted, same lean", (r, s) => Object.assign(r, { rotation: s * TURN, slant: s * SLANT })],
  ["rotated and slanted, opposite", (r, s) => Object.assign(r, { rotation: s * TURN, slant: -s * SLANT })],
  ["thick pen, rotated", (r, s) => Object.assign(r, { pen: "thick", penOffset: THICK, rotation: s * TURN })],
  ["thin pen, rotated", (r, s) => Object.assign(r, { pen: "thin", penOffset: THIN, rotation: s * TURN })],
];

/** The first `count` validation digits redrawn with `change`, as an evaluation set's images. */
async function* redrawn(name: string, change: (r: Redraw, sign: number) => void): AsyncGenerator<EvalImage> {
  for (let index = 0; index < count; index++) {
    const redraw: Redraw = { size: 280, extent: 0.6, rotation: 0, slant: 0, pen: "regular", penOffset: 0, style: "black-on-white", at: [0.5, 0.5] };
    change(redraw, index % 2 === 0 ? 1 : -1);
    const { ink } = redrawDigit(set, index, redraw);
    yield { png: await inkPng(ink, redraw.size, redraw.size, redraw.style), label: set.labels[index]!, family: name, note: `#${index}` };
  }
}

console.log(`model ${classifier.card.version}: the first ${count} validation digits, redrawn with one change at a time`);
for (const [name, change] of CHANGES) {
  // The evaluation sets' own path: the server's preprocessing, batched classification, refusals counted.
  const result = await runSet(name, redrawn(name, change), classifier, limits);
  const byDigit = Array.from({ length: 10 }, (_, d) => {
    const tally = result.labels[d];
    return tally ? tally.labelled - tally.correct : 0;
  });
  const wrong = result.labelled - result.correct;
  const digits = byDigit.map((n, d) => (n ? `${d}:${n}` : "")).filter(Boolean).join(" ");
  console.log(`${name.padEnd(32)} ${String(wrong).padStart(4)} misread or refused (${((100 * wrong) / count).toFixed(2)} %)  ${digits}`);
}
await classifier.close();
