import { ApolloArmor } from "@escape.tech/graphql-armor";

/** Token limit, applied by graphql's own parser so that a syntax error stays GRAPHQL_PARSE_FAILED. */
export const MAX_TOKENS = 2000;

/**
 * Query shape limits as validation rules (graphql-armor): depth, cost, aliases and directives.
 * Introspection is exempt so that the IDE keeps working. Field suggestions ("did you mean") are
 * blocked only when introspection is off, since they would leak the schema.
 */
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

/** graphql-armor's mask for a hidden suggestion. */
const SUGGESTION_MASK = "[Suggestion hidden]";

/**
 * The rewrite graphql-armor's Apollo plugin applies to every error when suggestions are blocked,
 * for transports that do not run Apollo's plugins (graphql-ws): the same message on both.
 */
export function hideFieldSuggestions(message: string): string {
  return message.replace(/Did you mean ".+"/g, SUGGESTION_MASK);
}
