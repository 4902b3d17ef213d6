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

/** A urql error as a DigitApiError, keeping the first error's code and the HTTP status. */
export function fromCombinedError(error: CombinedError): DigitApiError {
  const response = error.response as { status?: number } | undefined;
  const status = typeof response?.status === "number" ? response.status : undefined;
  const errors = error.graphQLErrors.map((e) => ({ message: e.message, extensions: { ...e.extensions } }));
  const first = errors[0];
  if (first) return new DigitApiError(first.message, String(first.extensions.code ?? "UNKNOWN"), status, errors);
  const reason = error.networkError?.message ?? error.message;
  return new DigitApiError(`Cannot reach the API${status ? ` (HTTP ${status})` : ""}: ${reason}`, "NETWORK_ERROR", status);
}
