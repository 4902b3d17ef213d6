/**
 * npm run predict -- <png files or folders> [--url URL] [--json] [--label N] [--batch N]
 * Sends drawings through the typed GraphQL client (predictDigits in batches) and prints a table.
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

const IMAGE_FILE = /\.(png|jpe?g)$/i;

async function collectFiles(targets: string[]): Promise<string[]> {
  const files: string[] = [];
  for (const target of targets) {
    if ((await stat(target)).isDirectory()) {
      const names = (await readdir(target)).filter((n) => IMAGE_FILE.test(n)).sort();
      files.push(...names.map((n) => path.join(target, n)));
    } else files.push(target);
  }
  return files;
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    url: { type: "string", default: process.env.API_URL ?? "http://localhost:4000/graphql" },
    json: { type: "boolean", default: false },
    label: { type: "string" },
    batch: { type: "string", default: "32" },
    help: { type: "boolean", short: "h", default: false },
  },
});

if (values.help || positionals.length === 0) {
  console.log("usage: npm run predict -- <png files or folders> [--url URL] [--json] [--label 0-9] [--batch 1-64]");
  process.exit(values.help ? 0 : 2);
}
const label = values.label === undefined ? undefined : Number(values.label);
if (label !== undefined && !(Number.isInteger(label) && label >= 0 && label <= 9)) {
  console.error("--label must be a digit 0-9");
  process.exit(2);
}
const batchSize = Math.min(64, Math.max(1, Number(values.batch) || 32));

try {
  const files = await collectFiles(positionals);
  const rows: Array<{ file: string; digit: number; confidence: number; id: string; correct?: boolean | null }> = [];
  for (let start = 0; start < files.length; start += batchSize) {
    const batch = files.slice(start, start + batchSize);
    const images = await Promise.all(batch.map(async (f) => (await readFile(f)).toString("base64")));
    const { predictDigits } = await request(values.url, PredictImages, { images });
    for (const [i, p] of predictDigits.entries()) {
      const row: (typeof rows)[number] = { file: batch[i]!, digit: p.digit, confidence: p.confidence, id: p.id };
      if (label !== undefined) {
        row.correct = (await request(values.url, LabelPrediction, { predictionId: p.id, trueLabel: label })).submitFeedback.correct;
      }
      rows.push(row);
    }
  }
  if (values.json) console.log(JSON.stringify(rows, null, 2));
  else {
    const width = Math.max(4, ...rows.map((r) => r.file.length));
    console.log(`${"file".padEnd(width)}  digit  confidence  id${label !== undefined ? "  correct" : ""}`);
    for (const r of rows) {
      const correct = label !== undefined ? `  ${r.correct ? "yes" : "no"}` : "";
      console.log(`${r.file.padEnd(width)}  ${String(r.digit).padStart(5)}  ${(r.confidence * 100).toFixed(1).padStart(9)}%  ${r.id}${correct}`);
    }
  }
} catch (error) {
  const code = error instanceof GraphQLRequestError && error.code ? ` [${error.code}]` : "";
  console.error(`predict failed${code}: ${(error as Error).message}`);
  process.exit(1);
}
