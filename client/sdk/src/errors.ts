import type { CombinedError } from "@urql/core";

/**
 * What the API refused, or why it could not be asked. `code` is the API's stable
 * extensions.code (see the schema's ErrorCode enum), or NETWORK_ERROR when no answer came;
 * `status` is the HTTP status when there was a response.
 */
export class DigitApiError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly status: number | undefined,
    /** Every GraphQL error of the answer, with its extensions (e.g. retryAfter for RATE_LIMITED). */
    readonly errors: ReadonlyArray<{ message: string; extensions: Record<string, unknown> }> = [],
  ) {
    super(message);
    this.name = "DigitApiError";
  }
}

/** GraphQL errors as one DigitApiError with the first one's message and code (any of them, HTTP or WebSocket). */
export function fromGraphQLErrors(graphQLErrors: ReadonlyArray<{ message: string; extensions?: Record<string, unknown> | null }>, status?: number): DigitApiError {
  const errors = graphQLErrors.map((e) => ({ message: e.message, extensions: { ...e.extensions } }));
  const first = errors[0];
  return new DigitApiError(first?.message ?? "Unknown error", String(first?.extensions.code ?? "UNKNOWN"), status, errors);
}

/** A urql error as a DigitApiError, keeping the first error's code and the HTTP status. */
export function fromCombinedError(error: CombinedError): DigitApiError {
  const response = error.response as { status?: number } | undefined;
  const status = typeof response?.status === "number" ? response.status : undefined;
  if (error.graphQLErrors.length > 0) return fromGraphQLErrors(error.graphQLErrors, status);
  const reason = error.networkError?.message ?? error.message;
  return new DigitApiError(`Cannot reach the API${status ? ` (HTTP ${status})` : ""}: ${reason}`, "NETWORK_ERROR", status);
}

/** The WebSocket for live events failed (closed, refused, or gave up reconnecting). */
export const liveConnectionFailed = (error: unknown) =>
  new DigitApiError(`The live connection failed: ${String((error as Error | undefined)?.message ?? error)}`, "NETWORK_ERROR", undefined);
