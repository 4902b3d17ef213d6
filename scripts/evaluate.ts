/**
 * npm run evaluate [-- --quick] [--json FILE] [--write-card] [--model DIR] [--sets a,b] [--split validation] [--pipeline N] [--misreads DIR]
 *
 * Recomputes the MNIST test accuracy in Node through the server's own inference module and fails
 * when it differs from the model card. Then runs the evaluation sets (scripts/eval/), built in
 * memory from fixed seeds, through the server's own path (prepareImage -> classifyBatch -> judge)
 * and prints one line per set: accuracy on digits and the verdict rates, or for drawings that are
 * not digits, the share the app refuses to read, by kind.
 *
 *   --quick       a few hundred images per set instead of thousands
 *   --json FILE   every number, per set and per kind, as JSON
 *   --write-card  adds an `evaluation` object to the model folder's model-card.json (not with --quick)
 *   --model DIR   a model folder other than the server's (MODEL_DIR, default model-artifacts)
 *   --sets LIST   only these sets (redrawn, strokes, not-a-digit)
 *   --split validation  the same kinds of sets drawn from the validation split (the last 5,000
 *                 training images) with other seeds, and that split instead of the test set: for
 *                 tuning anything (the verdict rules) without looking at the evaluation numbers
 *   --pipeline N  also renders N test digits as canvas PNGs (scripts/lib/pipeline-check.ts)
 *   --misreads DIR  writes, per set, the network's inputs of the images it read otherwise than the
 *                 set expects as DIR/<set>-<seed>.png (scripts/eval/misread-sheet.ts) and what each
 *                 was and was read as in DIR/<set>-<seed>.json, tile by tile
 */
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { loadConfig } from "../api/src/config.ts";
import { Classifier } from "../api/src/inference/classifier.ts";
import { EVAL_SETS, VALIDATION_SEED_OFFSET } from "./eval/sets.ts";
import { misreadSheet } from "./eval/misread-sheet.ts";
import { rates, runMnist, runSet, type Misread, type SetResult, type Tally } from "./eval/run-set.ts";
import { loadMnist, mnistDigit } from "./lib/mnist.ts";
import { checkPipeline } from "./lib/pipeline-check.ts";

const { values } = parseArgs({
  options: {
    quick: { type: "boolean", default: false },
    json: { type: "string" },
    "write-card": { type: "boolean", default: false },
    model: { type: "string" },
    sets: { type: "string" },
    pipeline: { type: "string" },
    split: { type: "string", default: "test" },
    misreads: { type: "string" },
  },
});
if (values.split !== "test" && values.split !== "validation") {
  console.error(`unknown split ${values.split}: test or validation`);
  process.exit(2);
}
const validation = values.split === "validation";
if (validation && (values["write-card"] || values.pipeline !== undefined)) {
  console.error("--write-card and --pipeline report on the test set: not with --split validation");
  process.exit(2);
}
if (values.quick && values["write-card"]) {
  console.error("--write-card needs the full sets: a card should not carry quick numbers");
  process.exit(2);
}
const chosen = values.sets ? values.sets.split(",").map((s) => s.trim()) : EVAL_SETS.map((s) => s.name);
const unknown = chosen.filter((name) => !EVAL_SETS.some((s) => s.name === name));
if (unknown.length > 0) {
  console.error(`unknown set ${unknown.join(", ")}: the sets are ${EVAL_SETS.map((s) => s.name).join(", ")}`);
  process.exit(2);
}

const config = loadConfig();
const modelDir = values.model ? path.resolve(values.model) : config.modelDir;
// The server's default image limits, as pipeline-check uses: the sets stay within them.
const limits = loadConfig({});
const classifier = await Classifier.load(modelDir);
const card = classifier.card;
const test = loadMnist(validation ? "validation" : "test");

const mnist = await runMnist(test, classifier, (i) => mnistDigit(test, i), `mnist-${values.split}`);
console.log(`model ${card.name} ${card.version}: ${mnist.correct}/${test.count} = ${((100 * mnist.correct) / test.count).toFixed(2)} % on the MNIST ${values.split} set (${mnist.seconds.toFixed(1)} s)`);
let failed = false;
if (!validation) {
  console.log(`model card says ${card.testCorrect}/${card.testTotal} = ${(100 * card.testAccuracy).toFixed(2)} %`);
  failed = mnist.correct !== card.testCorrect;
  if (failed) console.error("MISMATCH: ONNX Runtime in Node disagrees with the model card");
}

const pipelineCount = values.pipeline === undefined ? 0 : Number(values.pipeline || 1000);
if (pipelineCount > 0) {
  const indices = Array.from({ length: pipelineCount }, (_, i) => i);
  const result = await checkPipeline(test, classifier, indices);
  console.log(`full pipeline (canvas PNG -> decode -> preprocess -> classify): ${result.correct}/${result.total} = ${((100 * result.correct) / result.total).toFixed(2)} %, ${result.msPerImage.toFixed(2)} ms per image`);
  for (const m of result.mistakes) console.log(`  #${m.index}: label ${m.label}, predicted ${m.predicted}, ${m.spec.style} ${m.spec.size}px x${m.spec.scale.toFixed(1)}`);
}

const pct = (value: number | null, digits = 1) => (value === null ? "-" : `${value.toFixed(digits)} %`);
const pad = (text: string, width: number) => text.padEnd(width);

/** One line of a tally: accuracy for digits, the share refused for the rest, then the verdicts. */
function line(label: string, tally: Tally, digits: boolean): string {
  const r = rates(tally);
  const head = digits
    ? `accuracy ${pct(r.accuracy, 2).padStart(8)}  right when CONFIDENT ${pct(r.rightWhenConfident, 2).padStart(8)}`
    : `flagged ${pct(r.flagged).padStart(7)} (NOT_A_DIGIT or refused)`;
  const refused = r.refused ? `  refused ${pct(r.refused)}` : "";
  return `${pad(label, 16)}${String(tally.images).padStart(6)}  ${head}  CONFIDENT ${pct(r.confident).padStart(7)}  UNSURE ${pct(r.unsure).padStart(7)}  NOT_A_DIGIT ${pct(r.notADigit).padStart(7)}${refused}`;
}

function printResult(result: SetResult, digits: boolean, note: string): void {
  console.log(`${line(result.name, result, digits)}  (${result.seconds.toFixed(1)} s${note})`);
  for (const [family, tally] of Object.entries(result.families)) console.log(`  ${line(family, tally, digits)}`);
  const reasons = Object.entries(result.reasons).map(([reason, n]) => `${reason} ${n}`).join(", ");
  if (reasons) console.log(`  NOT_A_DIGIT because: ${reasons}`);
}

console.log(`\nverdicts (the server's judge on its own preprocessing); rates are of all images in a set`);
printResult(mnist, true, "; ink summary from preprocessing each 28x28 image as a canvas");

/** A set's misreads as a sheet of network inputs and, tile by tile, what each was and was read as. */
async function writeMisreads(dir: string, name: string, misreads: Misread[]): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, `${name}.png`), await misreadSheet(misreads));
  let tile = 0;
  const listed = misreads.map(({ pixels, ...misread }) => ({ tile: pixels ? tile++ : null, ...misread }));
  await writeFile(path.join(dir, `${name}.json`), `${JSON.stringify(listed, null, 2)}\n`);
  console.log(`  ${misreads.length} misread: ${path.join(dir, name)}.png`);
}

const results: Array<{ result: SetResult; digits: boolean; seed: number; description: string }> = [];
for (const set of EVAL_SETS.filter((s) => chosen.includes(s.name))) {
  const count = values.quick ? set.quickCount : set.defaultCount;
  const seed = validation ? set.seed + VALIDATION_SEED_OFFSET : set.seed;
  const misreads: Misread[] = [];
  const result = await runSet(set.name, set.images({ count, seed, ...(validation ? { source: test } : {}) }), classifier, limits, (m) => misreads.push(m));
  printResult(result, set.digits, `, seed ${seed}`);
  if (values.misreads) await writeMisreads(values.misreads, `${set.name}-${seed}`, misreads);
  results.push({ result, digits: set.digits, seed, description: set.description });
}
await classifier.close();

const round = (value: number | null) => (value === null ? null : Number(value.toFixed(2)));
const roundedRates = (tally: Tally) => Object.fromEntries(Object.entries(rates(tally)).map(([key, value]) => [key, key === "images" ? value : round(value)]));
const date = new Date().toISOString();

if (values.json) {
  const detail = (result: SetResult) => ({
    ...result,
    rates: roundedRates(result),
    families: Object.fromEntries(Object.entries(result.families).map(([family, tally]) => [family, { ...tally, rates: roundedRates(tally) }])),
    labels: Object.fromEntries(Object.entries(result.labels).map(([label, tally]) => [label, { ...tally, rates: roundedRates(tally) }])),
  });
  const report = {
    date,
    model: { name: card.name, version: card.version, dir: modelDir },
    quick: values.quick,
    split: values.split,
    ratesAre: "per cent of all images in the group",
    [validation ? "mnistValidation" : "mnistTest"]: { ...detail(mnist), inkSummary: "preprocessing run on each 28x28 test image as a canvas; the network reads the raw pixels" },
    sets: Object.fromEntries(results.map(({ result, seed, description }) => [result.name, { description, seed, ...detail(result) }])),
  };
  await writeFile(values.json, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`\nwrote ${values.json}`);
}

if (values["write-card"]) {
  const file = path.join(modelDir, "model-card.json");
  const text = await readFile(file, "utf8");
  const stored = JSON.parse(text) as Record<string, unknown>;
  // Per set: images, accuracy (digits) or the share flagged (not digits), verdict rates, in per cent.
  const summary = ({ result, digits, seed }: { result: SetResult; digits: boolean; seed?: number }) => {
    const r = rates(result);
    return {
      images: result.images,
      ...(seed === undefined ? {} : { seed }),
      ...(digits
        ? { accuracy: round(r.accuracy) }
        : { flagged: round(r.flagged), flaggedByKind: Object.fromEntries(Object.entries(result.families).map(([kind, tally]) => [kind, round(rates(tally).flagged)])) }),
      verdicts: { CONFIDENT: round(r.confident), UNSURE: round(r.unsure), NOT_A_DIGIT: round(r.notADigit), refused: round(r.refused) },
    };
  };
  stored.evaluation = {
    date,
    ratesAre: "per cent of all images in the set",
    sets: {
      "mnist-test": summary({ result: mnist, digits: true }),
      ...Object.fromEntries(results.map((entry) => [entry.result.name, summary(entry)])),
    },
  };
  await writeFile(file, `${JSON.stringify(stored, null, 2)}${text.endsWith("\n") ? "\n" : ""}`);
  console.log(`added evaluation to ${file}`);
}
process.exit(failed ? 1 : 0);
