import type { GraphQLFormattedError } from "graphql";
import { unwrapResolverError } from "@apollo/server/errors";
import { AppError, ErrorCode, PROTOCOL_ERROR_CODES } from "../lib/errors.ts";

/**
 * Codes whose message was written for the client (ours, Apollo's and graphql-js's). Not
 * INTERNAL_SERVER_ERROR: Apollo gives that code to every unexpected error, internals included.
 */
const CLIENT_CODES = new Set<string>([
  ...Object.values(ErrorCode).filter((code) => code !== ErrorCode.INTERNAL_SERVER_ERROR),
  ...PROTOCOL_ERROR_CODES,
]);

/** Every code an error may leave the server with (metrics label errors by these alone). */
export const KNOWN_CODES: ReadonlySet<string> = new Set([...CLIENT_CODES, ErrorCode.INTERNAL_SERVER_ERROR]);

interface ValidationError {
  constraints?: Record<string, string>;
}

/** Driver-adapter error kinds (Prisma 7) that mean the database cannot be reached right now. */
const UNREACHABLE_KINDS = new Set(["DatabaseNotReachable", "ConnectionClosed", "SocketTimeout", "TooManyConnections", "TlsConnectionError"]);
/** Prisma codes: can't reach (P1001), timed out (P1002, P1008), connection closed (P1017), pool timeout (P2024). */
const UNREACHABLE_CODES = new Set(["P1001", "P1002", "P1008", "P1017", "P2024"]);

interface MaybeDatabaseError {
  code?: string;
  message?: string;
  meta?: { driverAdapterError?: { cause?: { kind?: string; originalCode?: string } } };
}

/** Database failures that mean "try again later", not "bug". */
function isDatabaseUnavailable(error: unknown): boolean {
  const e = (error ?? {}) as MaybeDatabaseError;
  const cause = e.meta?.driverAdapterError?.cause;
  if (cause?.kind && UNREACHABLE_KINDS.has(cause.kind)) return true;
  // 57P01-57P03: the server is shutting down or starting up (a restart).
  if (cause?.originalCode && /^57P0[123]$/.test(cause.originalCode)) return true;
  if (e.code && UNREACHABLE_CODES.has(e.code)) return true;
  return /ECONNREFUSED|ECONNRESET|Connection terminated|timeout exceeded when trying to connect|Can't reach database|terminating connection due to administrator command|the database system is (starting up|shutting down)/i.test(e.message ?? "");
}

/** 57014: statement_timeout cancelled the query. The database is busy, not broken: retrying later can work. */
function isQueryTimeout(error: unknown): boolean {
  const e = (error ?? {}) as MaybeDatabaseError;
  return e.code === "57014" || e.meta?.driverAdapterError?.cause?.originalCode === "57014";
}

/**
 * What leaves the server: known errors as they are, validation details flattened into the
 * message, the database being down or too slow as SERVICE_UNAVAILABLE, anything else as a bare
 * INTERNAL_SERVER_ERROR (logged here, never sent with internals).
 */
export function createErrorFormatter(log: (error: unknown) => void) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    // The one place where the services' errors become GraphQL errors.
    if (original instanceof AppError) {
      return { message: original.message, locations: formatted.locations, path: formatted.path, extensions: { code: original.code, ...original.details } };
    }
    const code = String(formatted.extensions?.code ?? "");
    const validation = formatted.extensions?.validationErrors as ValidationError[] | undefined;
    if (validation?.length) {
      const messages = validation.flatMap((v) => Object.values(v.constraints ?? {}));
      return { message: messages.join("; ") || formatted.message, locations: formatted.locations, path: formatted.path, extensions: { code } };
    }
    if (CLIENT_CODES.has(code)) {
      return { message: formatted.message, locations: formatted.locations, path: formatted.path, extensions: { ...formatted.extensions, stacktrace: undefined } };
    }
    if (isQueryTimeout(original)) {
      return { message: "The database took too long to answer; try again shortly", path: formatted.path, extensions: { code: ErrorCode.SERVICE_UNAVAILABLE } };
    }
    if (isDatabaseUnavailable(original)) {
      return { message: "The database is unavailable; try again shortly", path: formatted.path, extensions: { code: ErrorCode.SERVICE_UNAVAILABLE } };
    }
    log(original);
    return { message: "Internal server error", path: formatted.path, extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } };
  };
}
