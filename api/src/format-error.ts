import type { GraphQLFormattedError } from "graphql";
import { unwrapResolverError } from "@apollo/server/errors";
import { ErrorCode } from "./errors.ts";

/** Codes whose message was written for the client (ours, Apollo's and graphql-js's). */
const CLIENT_CODES = new Set<string>([
  ...Object.values(ErrorCode),
  "GRAPHQL_PARSE_FAILED",
  "GRAPHQL_VALIDATION_FAILED",
  "BAD_REQUEST",
  "PERSISTED_QUERY_NOT_FOUND",
  "PERSISTED_QUERY_NOT_SUPPORTED",
  "OPERATION_RESOLUTION_FAILURE",
]);

interface ValidationError {
  constraints?: Record<string, string>;
}

/** Database driver failures that mean "try again later", not "bug". */
function isDatabaseUnavailable(error: unknown): boolean {
  const text = `${(error as { code?: string })?.code ?? ""} ${(error as Error)?.message ?? ""}`;
  return /ECONNREFUSED|ECONNRESET|ETIMEDOUT|P1001|P1017|P2024|57P01|57P03|Connection terminated|timeout exceeded when trying to connect|Can't reach database|DatabaseNotReachable|connection.*(closed|ended)/i.test(text);
}

/**
 * What leaves the server: known errors as they are, validation details flattened into the
 * message, the database being down as SERVICE_UNAVAILABLE, anything else as a bare
 * INTERNAL_SERVER_ERROR (logged here, never sent with internals).
 */
export function createErrorFormatter(log: (error: unknown) => void) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const code = String(formatted.extensions?.code ?? "");
    const validation = formatted.extensions?.validationErrors as ValidationError[] | undefined;
    if (validation?.length) {
      const messages = validation.flatMap((v) => Object.values(v.constraints ?? {}));
      return { message: messages.join("; ") || formatted.message, locations: formatted.locations, path: formatted.path, extensions: { code } };
    }
    if (CLIENT_CODES.has(code)) {
      return { message: formatted.message, locations: formatted.locations, path: formatted.path, extensions: { ...formatted.extensions, stacktrace: undefined } };
    }
    const original = unwrapResolverError(error);
    if (isDatabaseUnavailable(original)) {
      return { message: "The database is unavailable; try again shortly", path: formatted.path, extensions: { code: ErrorCode.SERVICE_UNAVAILABLE } };
    }
    log(original);
    return { message: "Internal server error", path: formatted.path, extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } };
  };
}
