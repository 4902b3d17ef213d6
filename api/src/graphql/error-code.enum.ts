import { registerEnumType } from "type-graphql";
import { ErrorCode, PROTOCOL_ERROR_CODES } from "../lib/errors.ts";
import { enumOf } from "./enum-of.ts";

type AnyCode = ErrorCode | (typeof PROTOCOL_ERROR_CODES)[number];

/** What each code means to a client: the schema documents them, so integrators can switch on them. */
const MEANINGS: Record<AnyCode, string> = {
  BAD_USER_INPUT: "An argument is out of range or malformed (a digit of 12, an unknown cursor, too many images); the message says which",
  INVALID_IMAGE: "The image is not a PNG or JPEG that can be decoded, or is smaller than 8x8 px",
  EMPTY_CANVAS: "The image has no ink at all: nothing to read",
  IMAGE_TOO_LARGE: "The image's bytes or pixels are over the limits, or it took too long to decode",
  NOT_FOUND: "No prediction (or model version) with that id",
  RATE_LIMITED: "Too many requests from this client for now; extensions.retryAfter says how many seconds to wait",
  UNAUTHENTICATED: "The operation needs an API key and none, or a wrong, malformed or revoked one, was given",
  FORBIDDEN: "The API key's role may not do this",
  PROMOTION_REFUSED: "The model version does not pass the promotion gates; extensions.failures says which",
  SERVICE_UNAVAILABLE: "The server cannot answer right now (starting, shutting down, database unreachable); try again shortly",
  INTERNAL_SERVER_ERROR: "A fault on the server; the message says nothing more, the server's log has the details",
  GRAPHQL_PARSE_FAILED: "The document is not GraphQL",
  GRAPHQL_VALIDATION_FAILED: "The document does not fit the schema, or is too deep, too aliased or too long",
  BAD_REQUEST: "The HTTP request is not a GraphQL request (missing query, wrong method or content type)",
  PERSISTED_QUERY_NOT_FOUND: "An automatic persisted query hash the server does not know: send the full query",
  PERSISTED_QUERY_NOT_SUPPORTED: "Persisted queries are not accepted here",
  OPERATION_RESOLUTION_FAILURE: "The document has several operations and none was named, or the named one is missing",
  REQUEST_TOO_LARGE: "The request body is over the size limit (HTTP 413)",
};

/** Every error code the API answers with, as a schema enum. */
export const ErrorCodeEnum = enumOf(Object.keys(MEANINGS) as AnyCode[]);

registerEnumType(ErrorCodeEnum, {
  name: "ErrorCode",
  description: "The stable codes errors carry in extensions.code (and ImageRejected.code): clients switch on these, never on messages",
  valuesConfig: Object.fromEntries(Object.entries(MEANINGS).map(([code, description]) => [code, { description }])),
});
