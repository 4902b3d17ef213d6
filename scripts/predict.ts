/**
 * npm run predict -- <png or jpeg files or folders> [--url URL] [--json] [--label 0-9] [--batch 1-64]
 *
 * Sends drawings through the typed GraphQL client (predictDigits in batches) and prints a line per
 * file as its batch is answered. A file the API refuses is named and skipped, the rest of its
 * batch sent again, and every stored prediction's id printed; the exit code is 1 when any file
 * was refused. Paths are relative to the directory the command was started in.
 * The API's URL: --url, else API_URL, else http://localhost:$PORT/graphql (PORT default 4000).
 */
import { readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { graphql } from "../client/src/gql/index.ts";
import { GraphQLRequestError, request } from "./lib/graphql-client.ts";

const PredictImages = graphql(`
  mutation PredictImages($images: [String!]!) {
    predictDigits(images: $images) { id digit confidence imageUrl }
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
    let batch = files.slice(start, start + batchSize);
    while (batch.length > 0) {
      const images = await Promise.all(batch.map(async (f) => (await readFile(path.resolve(callerDir, f))).toString("base64")));
      let predictions: Array<{ id: string; digit: number; confidence: number }>;
      try {
        predictions = (await request(url, PredictImages, { images })).predictDigits;
      } catch (error) {
        // A refused image names its index: report that file, send the rest of the batch again.
        const index = error instanceof GraphQLRequestError ? error.extensions.index : undefined;
        if (typeof index !== "number" || !batch[index]) throw error;
        const { code, message } = error as GraphQLRequestError;
        refused.push({ file: batch[index], code, message: message.replace(/^images\[\d+\]: /, "") });
        if (!values.json) console.log(`${batch[index].padEnd(width)}  refused: ${message.replace(/^images\[\d+\]: /, "")} [${code}]`);
        batch = batch.filter((_, i) => i !== index);
        continue;
      }
      for (const [i, p] of predictions.entries()) {
        const row: Row = { file: batch[i]!, digit: p.digit, confidence: p.confidence, id: p.id };
        if (label !== undefined) row.correct = (await request(url, LabelPrediction, { predictionId: p.id, trueLabel: label })).submitFeedback.correct;
        rows.push(row);
        if (!values.json) console.log(line(row));
      }
      batch = [];
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
