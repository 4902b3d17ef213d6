/** The stable `extensions.code` values the API returns. Public: clients switch on them. */
export const ErrorCode = {
  BAD_USER_INPUT: "BAD_USER_INPUT",
  INVALID_IMAGE: "INVALID_IMAGE",
  EMPTY_CANVAS: "EMPTY_CANVAS",
  IMAGE_TOO_LARGE: "IMAGE_TOO_LARGE",
  NOT_FOUND: "NOT_FOUND",
  RATE_LIMITED: "RATE_LIMITED",
  /** An operation that needs an API key was called without a valid one. */
  UNAUTHENTICATED: "UNAUTHENTICATED",
  /** A valid API key whose role may not do this. */
  FORBIDDEN: "FORBIDDEN",
  /** A model version that does not pass the promotion gates (details: failures). */
  PROMOTION_REFUSED: "PROMOTION_REFUSED",
  SERVICE_UNAVAILABLE: "SERVICE_UNAVAILABLE",
  INTERNAL_SERVER_ERROR: "INTERNAL_SERVER_ERROR",
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** Codes the GraphQL and HTTP layers answer with before any resolver runs (Apollo's, graphql-ws's, ours). */
export const PROTOCOL_ERROR_CODES = [
  "GRAPHQL_PARSE_FAILED",
  "GRAPHQL_VALIDATION_FAILED",
  "BAD_REQUEST",
  "PERSISTED_QUERY_NOT_FOUND",
  "PERSISTED_QUERY_NOT_SUPPORTED",
  "OPERATION_RESOLUTION_FAILURE",
  "REQUEST_TOO_LARGE",
] as const;

/**
 * An error the caller caused or may act on: its message is written for them, and `details` go
 * out beside the code (e.g. retryAfter). Plain JavaScript, so that any layer and any thread may
 * throw it; the GraphQL boundary turns it into a GraphQL error in one place.
 */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
    this.name = "AppError";
  }
}

export const badInput = (message: string) => new AppError(ErrorCode.BAD_USER_INPUT, message);
export const notFound = (what: string) => new AppError(ErrorCode.NOT_FOUND, `${what} not found`);
