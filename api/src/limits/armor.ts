import { ApolloArmor } from "@escape.tech/graphql-armor";

/**
 * Query shape limits as validation rules (graphql-armor): depth, cost, aliases and directives.
 * Introspection is exempt so that the IDE keeps working. Tokens are limited by graphql's own
 * parser (MAX_TOKENS), so that a syntax error stays GRAPHQL_PARSE_FAILED. Field suggestions ("did you mean")
 * are blocked only when introspection is off, since they would leak the schema.
 */
export const MAX_TOKENS = 2000;

export function createArmor(introspection: boolean) {
  return new ApolloArmor({
    maxDepth: { n: 8 },
    costLimit: { maxCost: 5000 },
    maxAliases: { n: 10 },
    maxDirectives: { n: 20 },
    maxTokens: { enabled: false },
    blockFieldSuggestion: { enabled: !introspection },
  }).protect();
}
