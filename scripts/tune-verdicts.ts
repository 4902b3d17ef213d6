/**
 * npm run tune-verdicts [-- --model DIR]
 *
 * Chooses the verdict rules (api/src/services/verdict.ts) for a model without looking at the
 * evaluation numbers: it reads the validation split (the last 5,000 MNIST training images, never
 * trained on) and the evaluation sets' kinds of drawings made from that split with other seeds,
 * keeps each reading's calibrated confidence and ink summary, then tries rules on a grid. A rule
 * set qualifies when it leaves MNIST digits alone (at most 0.8 % NOT_A_DIGIT and 2.5 % UNSURE)
 * and the drawn digits mostly too (at most 2 % NOT_A_DIGIT); the best flag the most not-a-digit
 * drawings (within a point) with the widest UNSURE band. Prints the rules in use and the best five.
 */
import path from "node:path";
import { parseArgs } from "node:util";
import { loadConfig } from "../api/src/config.ts";
import { Classifier } from "../api/src/inference/classifier.ts";
import type { InkSummary } from "../api/src/inference/ink-summary.ts";
import { ImageRejected } from "../api/src/inference/image-rejected.ts";
import { prepareImage } from "../api/src/inference/prepare-image.ts";
import { toMnistDigit } from "../api/src/inference/preprocess.ts";
import { inkVerdict, judge, VERDICT_RULES, type VerdictRules } from "../api/src/services/verdict.ts";
import { ReadingTally } from "./eval/reading-tally.ts";
import { mnistBitmap } from "./eval/run-set.ts";
import { EVAL_SETS, VALIDATION_SEED_OFFSET } from "./eval/sets.ts";
import { dataUrl } from "./lib/canvases.ts";
import { loadMnist, mnistDigit } from "./lib/mnist.ts";

const { values } = parseArgs({ options: { model: { type: "string" } } });
const config = loadConfig();
const classifier = await Classifier.load(values.model ? path.resolve(values.model) : config.modelDir);
const hasNotADigitOutput = classifier.card.notADigitOutput !== undefined;
const limits = loadConfig({});
const validation = loadMnist("validation");

/** One reading: which group, whether it is a digit, and what the rules look at. */
interface Reading {
  group: string;
  digit: boolean;
  confidence: number;
  notADigit: number | null;
  ink: InkSummary | null; // null: refused before reading (counts as flagged)
}
const readings: Reading[] = [];

for (let start = 0; start < validation.count; start += 500) {
  const indices = Array.from({ length: Math.min(500, validation.count - start) }, (_, i) => start + i);
  const results = await classifier.classifyBatch(indices.map((i) => mnistDigit(validation, i)));
  results.forEach((r, k) => readings.push({ group: "mnist", digit: true, confidence: r.confidence, notADigit: r.notADigit, ink: toMnistDigit(mnistBitmap(validation, indices[k]!)).ink }));
}
for (const set of EVAL_SETS) {
  for await (const image of set.images({ count: set.defaultCount, seed: set.seed + VALIDATION_SEED_OFFSET, source: validation })) {
    try {
      const { digit } = await prepareImage(dataUrl(image.png), limits);
      const [r] = await classifier.classifyBatch([digit.pixels]);
      readings.push({ group: set.name, digit: set.digits, confidence: r!.confidence, notADigit: r!.notADigit, ink: digit.ink });
    } catch (error) {
      if (!(error instanceof ImageRejected)) throw error;
      readings.push({ group: set.name, digit: set.digits, confidence: 0, notADigit: null, ink: null });
    }
  }
}
await classifier.close();

type Rates = Record<string, { notADigit: number; unsure: number }>;

/** Per group: the share NOT_A_DIGIT (or refused) and the share UNSURE, in per cent, as judge() decides. */
function rates(rules: VerdictRules): Rates {
  const tally: Record<string, { n: number; nad: number; unsure: number }> = {};
  for (const r of readings) {
    const t = (tally[r.group] ??= { n: 0, nad: 0, unsure: 0 });
    t.n++;
    const verdict = r.ink === null ? "NOT_A_DIGIT" : judge(r, r.ink, rules).verdict;
    if (verdict === "NOT_A_DIGIT") t.nad++;
    if (verdict === "UNSURE") t.unsure++;
  }
  return Object.fromEntries(Object.entries(tally).map(([g, t]) => [g, { notADigit: (100 * t.nad) / t.n, unsure: (100 * t.unsure) / t.n }]));
}

const line = (rules: VerdictRules) => {
  const r = rates(rules);
  const rule = Object.entries(rules).map(([name, value]) => `${name} ${value}`).join(", ");
  const figures = Object.entries(r).map(([g, v]) => `${g} NAD ${v.notADigit.toFixed(1)} % U ${v.unsure.toFixed(1)} %`).join(" | ");
  return `${rule}\n    ${figures}`;
};

const range = (from: number, to: number, step: number) => Array.from({ length: Math.round((to - from) / step) + 1 }, (_, i) => Number((from + i * step).toFixed(3)));
type Grid = Partial<Record<keyof VerdictRules, number[]>>;
/** The values tried for the rules on the ink; every combination is tried with every combination of the reading rules. */
const INK_GRID: Grid = {
  maxFill: range(0.5, 0.8, 0.05),
  minExtent: [0.04, 0.06, 0.08],
  minLengthInPens: [0, 2, 2.5, 3],
  maxParts: [1, 2],
  maxPartsWidthRatio: [1.1, 1.3, 1.5, 1.8, Number.POSITIVE_INFINITY],
  maxDotBelow: [0, 3, 4, 5, 6],
};
/** The values tried for the rules on the network's outputs (the not-a-digit output's only for a model that has one). */
const READING_GRID: Grid = {
  notADigitBelow: range(0.3, 0.7, 0.05),
  unsureBelow: range(0.6, 0.95, 0.05),
  notADigitAbove: hasNotADigitOutput ? [...range(0.3, 0.95, 0.05), 1] : [VERDICT_RULES.notADigitAbove],
};

function* ruleSets(grid: Grid, rules: VerdictRules, keys = Object.keys(grid) as Array<keyof VerdictRules>): Generator<VerdictRules> {
  if (keys.length === 0) {
    yield rules;
    return;
  }
  const [key, ...rest] = keys;
  for (const value of grid[key!]!) yield* ruleSets(grid, { ...rules, [key!]: value }, rest);
}

// Millions of rule sets over ten thousand readings: the reading rules are counted from a table
// per ink rule set (ReadingTally), and the rule sets printed are re-counted by judge().
const groups = [...new Set(readings.map((r) => r.group))];
const tally = new ReadingTally(
  Uint8Array.from(readings, (r) => groups.indexOf(r.group)),
  groups.map((g) => readings.filter((r) => r.group === g).length),
  Float64Array.from(readings, (r) => r.confidence),
  Float64Array.from(readings, (r) => r.notADigit ?? Number.NEGATIVE_INFINITY),
  [...READING_GRID.notADigitBelow!, ...READING_GRID.unsureBelow!],
  READING_GRID.notADigitAbove!,
);

function fastRates(rules: VerdictRules): Rates {
  const counted = tally.rates(rules.notADigitBelow, rules.unsureBelow, rules.notADigitAbove);
  return Object.fromEntries(groups.map((g, k) => [g, counted[k]!]));
}

// Only rule sets within a point of the most flagged so far are kept: the others cannot be chosen.
let candidates: Array<{ rules: VerdictRules; rates: Rates; flagged: number; digitsFlagged: number }> = [];
let mostSoFar = Number.NEGATIVE_INFINITY;
for (const inkRules of ruleSets(INK_GRID, { ...VERDICT_RULES })) {
  tally.setInk(Uint8Array.from(readings, (r) => Number(r.ink === null || inkVerdict(r.ink, inkRules) !== null)));
  for (const rules of ruleSets(READING_GRID, inkRules)) {
    if (rules.unsureBelow <= rules.notADigitBelow) continue;
    const r = fastRates(rules);
    const drawn = ["redrawn", "strokes"].map((g) => r[g]!.notADigit);
    if (r.mnist!.notADigit > 0.8 || r.mnist!.unsure > 2.5 || drawn.some((v) => v > 2)) continue;
    const flagged = r["not-a-digit"]!.notADigit;
    if (flagged < mostSoFar - 1) continue;
    if (flagged > mostSoFar) {
      mostSoFar = flagged;
      candidates = candidates.filter((c) => c.flagged >= mostSoFar - 1);
    }
    candidates.push({ rules, rates: r, flagged, digitsFlagged: drawn.reduce((a, b) => a + b, 0) });
  }
}
// Within a point of the most flagged, prefer the widest UNSURE band: a reading in doubt between
// two digits should say so ("4 or 9?") rather than be called certain.
const band = (c: (typeof candidates)[number]) => c.rules.unsureBelow - c.rules.notADigitBelow;
candidates.sort((a, b) => band(b) - band(a) || b.flagged - a.flagged || a.digitsFlagged - b.digitsFlagged);
console.log(`${readings.length} readings of the validation split and drawings made from it\n\nrules in use:\n  ${line(VERDICT_RULES)}\n`);
console.log(candidates.length === 0 ? "no rule set on the grid meets the limits" : "best rule sets within the limits:");
for (const c of candidates.slice(0, 5)) {
  if (JSON.stringify(rates(c.rules)) !== JSON.stringify(c.rates)) throw new Error("the tuner's fast count disagrees with judge()");
  console.log(`  ${line(c.rules)}`);
}
