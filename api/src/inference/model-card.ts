import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import path from "node:path";
import type { ModelCard } from "../domain/model-card.ts";

export type { ModelCard };

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

/** A model folder's card, ONNX bytes and weights (when the card names them); fails when the bytes do not match the card's sha256. */
export async function readModelFolder(modelDir: string): Promise<{ card: ModelCard; onnx: Uint8Array; weights: Uint8Array | null }> {
  const card = await readModelCard(modelDir);
  const onnx = await readFile(path.join(modelDir, card.file));
  checkBytes(card, onnx);
  return { card, onnx, weights: card.weights ? await readFile(path.join(modelDir, card.weights)) : null };
}

/** Throws unless the ONNX bytes are the ones the card describes. */
export function checkBytes(card: ModelCard, onnx: Uint8Array): void {
  const sha256 = createHash("sha256").update(onnx).digest("hex");
  if (sha256 !== card.sha256) throw new Error(`${card.file} does not match its model card (sha256 ${sha256.slice(0, 12)} != ${card.version})`);
}
