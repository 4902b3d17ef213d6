import { createHash } from "node:crypto";
import type { ModelCard } from "../../api/src/domain/model-card.ts";
import { gql } from "./graphql.ts";

/**
 * Another version of a model with the very same weights: the ONNX ModelProto with a doc_string
 * (field 6) appended, which protobuf readers take as the field's value. Its bytes, so its
 * sha256 and version, differ; what it computes does not.
 */
export function modelVariant(card: ModelCard, onnx: Uint8Array, note: string): { card: ModelCard; onnx: Uint8Array } {
  const text = Buffer.from(note, "utf8");
  if (text.length > 127) throw new Error("a note of at most 127 bytes (one-byte length)");
  const variant = Buffer.concat([Buffer.from(onnx), Buffer.from([(6 << 3) | 2, text.length]), text]);
  const sha256 = createHash("sha256").update(variant).digest("hex");
  return { card: { ...card, sha256, version: sha256.slice(0, 12) }, onnx: variant };
}

/** The model version a server is serving now, as modelInfo tells it. */
export const servedVersion = async (url: string) => (await gql<{ modelInfo: { version: string } }>(url, "{ modelInfo { version } }")).data!.modelInfo.version;
