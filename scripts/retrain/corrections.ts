import { createHash } from "node:crypto";
import type { PredictionStore } from "../../api/src/db/predictions.ts";
import { readImageHeader } from "../../api/src/inference/image-header.ts";
import { imageToDigit } from "../../api/src/inference/prepare-image.ts";

/** One trusted correction as the model sees it: the server's preprocessing of the stored image. */
export interface Correction {
  id: number;
  label: number;
  pixels: Float32Array;
}

/**
 * Which corrections are held out to judge a model, never trained on: one in five, by a hash of
 * the prediction id. Membership depends on the id alone, so the slice stays frozen as corrections
 * come in, and a correction that judged one model never trains a later one.
 */
export const isHeldOut = (id: number): boolean => createHash("sha256").update(`correction:${id}`).digest()[0]! % 5 === 0;

export interface CorrectionSets {
  train: Correction[];
  heldOut: Correction[];
  /** Stored images the preprocessing refuses today (left out, counted). */
  unreadable: number;
  /** The newest prediction id among them (recorded on the card). */
  lastId: number;
}

/** The APPROVED labels, preprocessed by the server's own code, split into training and held-out. */
export async function loadCorrections(store: PredictionStore): Promise<CorrectionSets> {
  const sets: CorrectionSets = { train: [], heldOut: [], unreadable: 0, lastId: 0 };
  for (const { id, imageData, trueLabel } of await store.trustedLabels()) {
    const bytes = Buffer.from(imageData);
    const header = readImageHeader(bytes);
    const digit = header ? await imageToDigit(bytes, header).catch(() => null) : null;
    if (!digit) {
      sets.unreadable++;
      continue;
    }
    (isHeldOut(id) ? sets.heldOut : sets.train).push({ id, label: trueLabel, pixels: digit.pixels });
    sets.lastId = Math.max(sets.lastId, id);
  }
  return sets;
}
