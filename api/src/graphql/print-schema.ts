import { lexicographicSortSchema, printSchema, type GraphQLSchema } from "graphql";

const HEADER = "# Generated from the type-graphql code by `npm run schema:emit`. Do not edit.\n\n";

/** The SDL as committed in api/schema.graphql, sorted: declaration order depends on import order. */
export function printAppSchema(schema: GraphQLSchema): string {
  return HEADER + printSchema(lexicographicSortSchema(schema)) + "\n";
}
