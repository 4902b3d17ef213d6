import type { ApolloServerPlugin } from "@apollo/server";
import { Kind, type DocumentNode, type FragmentDefinitionNode, type OperationDefinitionNode, type SelectionSetNode } from "graphql";
import { KNOWN_CODES } from "./format-error.ts";
import type { Metrics } from "../observability/metrics.ts";

/** Names of the root fields a selection set selects, through fragments. */
function collectRootFields(selectionSet: SelectionSetNode, fragments: Map<string, FragmentDefinitionNode>, into: Set<string>, seen: Set<string>): void {
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) into.add(selection.name.value);
    else if (selection.kind === Kind.INLINE_FRAGMENT) collectRootFields(selection.selectionSet, fragments, into, seen);
    else if (!seen.has(selection.name.value)) {
      seen.add(selection.name.value);
      const fragment = fragments.get(selection.name.value);
      if (fragment) collectRootFields(fragment.selectionSet, fragments, into, seen);
    }
  }
}

/**
 * The `operation` label of a validated operation: its root field when it selects exactly one
 * ("predictDigit"), "multiple" when several; "invalid" when there is none (it did not parse,
 * validate or resolve). Never the client's operationName: every new value would be a new series,
 * kept for the life of the process.
 */
export function operationLabel(operation: OperationDefinitionNode | null | undefined, document: DocumentNode | null | undefined): string {
  if (!operation || !document) return "invalid";
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const fields = new Set<string>();
  collectRootFields(operation.selectionSet, fragments, fields, new Set());
  return fields.size === 1 ? fields.values().next().value! : "multiple";
}

/** The `code` label: a code the server gives out, else "other". */
export function errorCodeLabel(code: unknown): string {
  return typeof code === "string" && KNOWN_CODES.has(code) ? code : "other";
}

/** Counts and times every GraphQL operation, and counts returned errors by code. */
export function metricsPlugin<Context extends object>(metrics: Metrics): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      const started = process.hrtime.bigint();
      return {
        async willSendResponse(ctx) {
          const operation = operationLabel(ctx.operation, ctx.document);
          metrics.requests.inc({ operation, type: ctx.operation?.operation ?? "unknown" });
          metrics.requestDuration.observe({ operation }, Number(process.hrtime.bigint() - started) / 1e9);
          const body = ctx.response.body;
          const errors = body.kind === "single" ? body.singleResult.errors : undefined;
          for (const error of errors ?? []) metrics.errors.inc({ code: errorCodeLabel(error.extensions?.code) });
        },
      };
    },
  };
}
