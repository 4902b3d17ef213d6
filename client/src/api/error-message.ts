import type { CombinedError } from "urql";

// The API's stable error codes, in words a person drawing a digit understands.
const messages: Record<string, string> = {
  EMPTY_CANVAS: "Draw a digit first.",
  INVALID_IMAGE: "The drawing could not be read. Clear it and try again.",
  IMAGE_TOO_LARGE: "The drawing is too large to send.",
  REQUEST_TOO_LARGE: "The drawing is too large to send.",
  BAD_USER_INPUT: "The server did not accept that request.",
  NOT_FOUND: "That prediction no longer exists.",
  RATE_LIMITED: "Too many drawings at once. Wait a moment and try again.",
  SERVICE_UNAVAILABLE: "The recognizer is unavailable right now. Try again shortly.",
  INTERNAL_SERVER_ERROR: "Something went wrong on the server. Try again.",
};

/** Only a lost connection: no GraphQL answer came back. */
export const isOffline = (error: CombinedError) => error.networkError !== undefined && error.graphQLErrors.length === 0;

export function errorMessage(error: CombinedError): string {
  if (isOffline(error)) return "Cannot reach the server. Check your connection.";
  const code = error.graphQLErrors[0]?.extensions?.code;
  return (typeof code === "string" && messages[code]) || "Something went wrong. Try again.";
}

/** Whether the request may succeed as it is later: no connection, or a busy or restarting server. */
export function isTransient(error: CombinedError): boolean {
  if (isOffline(error)) return true;
  const code = error.graphQLErrors[0]?.extensions?.code;
  return code === "SERVICE_UNAVAILABLE" || code === "RATE_LIMITED" || code === "INTERNAL_SERVER_ERROR";
}
