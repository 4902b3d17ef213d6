import { printSchema, type GraphQLSchema } from "graphql";

const HEADER = "# Generated from the type-graphql code by `npm run schema:emit`. Do not edit.\n\n";

/** The SDL as committed in api/schema.graphql, in the order the code declares it. */
export function printAppSchema(schema: GraphQLSchema): string {
  return HEADER + printSchema(schema) + "\n";
}
