import { readFile } from "node:fs/promises";
import path from "node:path";

/** What model-artifacts/model-card.json says about the committed model (written by scripts/train). */
export interface ModelCard {
  name: string;
  version: string;
  sha256: string;
  file: string;
  architecture: string;
  parameters: number;
  data: string;
  /** Temperature scaling fitted on the validation split; absent on cards that predate it (then 1). */
  calibration?: { temperature: number; validationEce: number; method: string };
  testAccuracy: number;
  testCorrect: number;
  testTotal: number;
  training: { epochs: number; seed: number; seconds: number; framework: string };
  input: {
    name: string;
    shape: Array<string | number>;
    dtype: string;
    normalization: { mean: number; std: number };
    preprocessing: string;
  };
  output: { name: string; shape: Array<string | number> };
}

/** One input's shape without the leading batch dimension, e.g. [1, 28, 28]. */
export function inputShape(card: ModelCard): number[] {
  const shape = card.input.shape.slice(1);
  if (shape.length === 0 || !shape.every((side): side is number => typeof side === "number" && side > 0)) {
    throw new Error(`model-card.json: input.shape ${JSON.stringify(card.input.shape)} is not [batch, ...positive sides]`);
  }
  return shape;
}

export async function readModelCard(modelDir: string): Promise<ModelCard> {
  const card = JSON.parse(await readFile(path.join(modelDir, "model-card.json"), "utf8")) as ModelCard;
  if (!card.file || !card.version || !card.input?.name || !card.output?.name) {
    throw new Error(`model-card.json in ${modelDir} is missing file, version, input or output`);
  }
  return card;
}
