/**
 * npm run predict -- <png or jpeg files or folders> [--url URL] [--json] [--label 0-9] [--batch 1-64]
 *
 * Sends drawings through the typed GraphQL client (predictDigitsEach in batches: one result per
 * image) and prints a line per file as its batch is answered. A file the API refuses is named with
 * its reason, the others are stored, and every stored prediction's id printed; the exit code is 1
 * when any file was refused. Paths are relative to the directory the command was started in.
 * The API's URL: --url, else API_URL, else http://localhost:$PORT/graphql (PORT default 4000).
 */
import { readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { graphql } from "../client/src/gql/index.ts";
import { GraphQLRequestError, request } from "./lib/graphql-client.ts";

const PredictImages = graphql(`
  mutation PredictImages($images: [String!]!) {
    predictDigitsEach(images: $images) {
      __typename
      ... on Prediction { id digit confidence imageUrl }
      ... on ImageRejected { index code message }
    }
  }
`);

const LabelPrediction = graphql(`
  mutation LabelPrediction($predictionId: ID!, $trueLabel: Int!) {
    submitFeedback(predictionId: $predictionId, trueLabel: $trueLabel) { id trueLabel correct }
  }
`);

const USAGE = "usage: npm run predict -- <png or jpeg files or folders> [--url URL] [--json] [--label 0-9] [--batch 1-64]";
const IMAGE_FILE = /\.(png|jpe?g)$/i;

function usage(problem: string): never {
  console.error(`${problem}\n${USAGE}`);
  process.exit(2);
}

let parsed: ReturnType<typeof parse>;
function parse() {
  return parseArgs({
    allowPositionals: true,
    strict: true,
    options: {
      url: { type: "string" },
      json: { type: "boolean", default: false },
      label: { type: "string" },
      batch: { type: "string", default: "32" },
      help: { type: "boolean", short: "h", default: false },
    },
  });
}
try {
  parsed = parse();
} catch (error) {
  usage((error as Error).message);
}
const { values, positionals } = parsed;
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
if (positionals.length === 0) usage("Name at least one image file or folder.");
if (values.label !== undefined && !/^[0-9]$/.test(values.label)) usage(`--label must be one digit, 0-9 (got "${values.label}")`);
if (!/^\d{1,2}$/.test(values.batch) || Number(values.batch) < 1 || Number(values.batch) > 64) usage(`--batch must be a whole number from 1 to 64 (got "${values.batch}")`);
const label = values.label === undefined ? undefined : Number(values.label);
const batchSize = Number(values.batch);
const url = values.url ?? process.env.API_URL ?? `http://localhost:${process.env.PORT || 4000}/graphql`;
// npm runs scripts from the package's folder; the caller's own folder is INIT_CWD.
const callerDir = process.env.INIT_CWD ?? process.cwd();

async function collectFiles(targets: string[]): Promise<string[]> {
  const files: string[] = [];
  for (const target of targets) {
    const full = path.resolve(callerDir, target);
    const info = await stat(full).catch(() => usage(`No such file or folder: ${target}`));
    if (info.isDirectory()) {
      const names = (await readdir(full)).filter((n) => IMAGE_FILE.test(n)).sort();
      if (names.length === 0) console.error(`${target}: no .png, .jpg or .jpeg files in it`);
      files.push(...names.map((n) => path.join(target, n)));
    } else files.push(target);
  }
  return files;
}

interface Row {
  file: string;
  digit: number;
  confidence: number;
  id: string;
  correct?: boolean | null;
}

const files = await collectFiles(positionals);
if (files.length === 0) usage("No images to send.");
const width = Math.max(4, ...files.map((f) => f.length));
const rows: Row[] = [];
const refused: Array<{ file: string; code: string | undefined; message: string }> = [];
const line = (r: Row) =>
  `${r.file.padEnd(width)}  ${String(r.digit).padStart(5)}  ${(r.confidence * 100).toFixed(1).padStart(9)}%  ${r.id}${label !== undefined ? `  ${r.correct ? "yes" : "no"}` : ""}`;

if (!values.json) console.log(`${"file".padEnd(width)}  digit  confidence  id${label !== undefined ? "  correct" : ""}`);
try {
  for (let start = 0; start < files.length; start += batchSize) {
    const batch = files.slice(start, start + batchSize);
    const images = await Promise.all(batch.map(async (f) => (await readFile(path.resolve(callerDir, f))).toString("base64")));
    const results = (await request(url, PredictImages, { images })).predictDigitsEach;
    for (const [i, result] of results.entries()) {
      const file = batch[i]!;
      if (result.__typename === "ImageRejected") {
        refused.push({ file, code: result.code, message: result.message });
        if (!values.json) console.log(`${file.padEnd(width)}  refused: ${result.message} [${result.code}]`);
        continue;
      }
      const row: Row = { file, digit: result.digit, confidence: result.confidence, id: result.id };
      if (label !== undefined) row.correct = (await request(url, LabelPrediction, { predictionId: result.id, trueLabel: label })).submitFeedback.correct;
      rows.push(row);
      if (!values.json) console.log(line(row));
    }
  }
} catch (error) {
  const code = error instanceof GraphQLRequestError && error.code ? ` [${error.code}]` : "";
  console.error(`predict failed${code}: ${(error as Error).message}`);
  if (rows.length > 0 && !values.json) console.error(`${rows.length} stored before that: their ids are above`);
  if (values.json) console.log(JSON.stringify([...rows, ...refused.map((r) => ({ file: r.file, refused: r.code, message: r.message }))], null, 2));
  process.exit(1);
}
// JSON: one entry per file, a prediction or a refusal.
if (values.json) console.log(JSON.stringify([...rows, ...refused.map((r) => ({ file: r.file, refused: r.code, message: r.message }))], null, 2));
else if (refused.length > 0) console.error(`${refused.length} of ${files.length} files refused: ${refused.map((r) => r.file).join(", ")}`);
process.exit(refused.length > 0 ? 1 : 0);
