import { buildSchema, isNonNullType, type GraphQLObjectType } from "graphql";
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

  it("keeps the public contract: the operations and Prediction fields clients rely on, added to only", async () => {
    const schema = buildSchema(await readFile(SCHEMA_FILE, "utf8"));
    /** The contract (DESIGN.md): each field's type and arguments. */
    const contract: Record<string, Record<string, { type: string; args?: Record<string, string> }>> = {
      Mutation: {
        predictDigit: { type: "Prediction!", args: { image: "String!" } },
        predictDigits: { type: "[Prediction!]!", args: { images: "[String!]!" } },
        submitFeedback: { type: "Prediction!", args: { predictionId: "ID!", trueLabel: "Int!" } },
      },
      Query: {
        prediction: { type: "Prediction", args: { id: "ID!" } },
        history: { type: "PredictionConnection!", args: { first: "Int", after: "String", filter: "HistoryFilter" } },
        stats: { type: "Stats!", args: { since: "DateTimeISO" } },
        modelInfo: { type: "ModelInfo!" },
      },
      Subscription: { predictionAdded: { type: "Prediction!" }, predictionUpdated: { type: "Prediction!" } },
      Prediction: Object.fromEntries(
        Object.entries({ id: "ID!", digit: "Int!", confidence: "Float!", probabilities: "[Float!]!", trueLabel: "Int", correct: "Boolean", createdAt: "DateTimeISO!", imageUrl: "String!", modelVersion: "String!" })
          .map(([name, type]) => [name, { type }]),
      ),
    };
    for (const [typeName, fields] of Object.entries(contract)) {
      const type = schema.getType(typeName) as GraphQLObjectType;
      for (const [name, { type: fieldType, args = {} }] of Object.entries(fields)) {
        const field = type.getFields()[name];
        expect(field, `${typeName}.${name}`).toBeDefined();
        expect(String(field!.type), `${typeName}.${name}`).toBe(fieldType);
        for (const [arg, argType] of Object.entries(args)) expect(String(field!.args.find((a) => a.name === arg)?.type), `${typeName}.${name}(${arg})`).toBe(argType);
        // Arguments added since may only be optional: a call written against the contract still works.
        for (const extra of field!.args.filter((a) => !(a.name in args))) expect(isNonNullType(extra.type) && extra.defaultValue === undefined, `${typeName}.${name}(${extra.name}) is required`).toBe(false);
      }
    }
  });
});
