import { readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../api/src/config.ts";
import { buildAppSchema } from "../api/src/graphql/build-schema.ts";
import { printAppSchema } from "../api/src/graphql/print-schema.ts";

const SCHEMA_FILE = path.join(repoRoot, "api", "schema.graphql");

describe("api/schema.graphql", () => {
  it("matches the schema the code builds (run `npm run schema:emit` after changing it)", async () => {
    const committed = await readFile(SCHEMA_FILE, "utf8");
    expect(printAppSchema(await buildAppSchema())).toBe(committed);
  });

  it("keeps the public contract: the operations and Prediction fields clients rely on", async () => {
    const sdl = await readFile(SCHEMA_FILE, "utf8");
    for (const line of [
      "predictDigit(\n", "image: String!", "): Prediction!",
      "predictDigits(", "images: [String!]!", "): [Prediction!]!",
      "submitFeedback(predictionId: ID!, trueLabel: Int!): Prediction!",
      "prediction(id: ID!): Prediction",
      "stats(", "since: DateTimeISO", "): Stats!", "modelInfo: ModelInfo!",
      "predictionAdded(", "predictionUpdated(",
      "confidence: Float!", "probabilities: [Float!]!", "trueLabel: Int", "correct: Boolean",
      "createdAt: DateTimeISO!", "imageUrl: String!", "modelVersion: String!", "digit: Int!", "id: ID!",
    ]) {
      expect(sdl).toContain(line);
    }
    expect(sdl).toMatch(/history\([\s\S]*?after: String[\s\S]*?filter: HistoryFilter[\s\S]*?first: Int[\s\S]*?\): PredictionConnection!/);
  });
});
