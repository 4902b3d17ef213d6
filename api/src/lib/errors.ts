import { GraphQLError } from "graphql";

/** The stable `extensions.code` values the API returns. Public: clients switch on them. */
export const ErrorCode = {
  BAD_USER_INPUT: "BAD_USER_INPUT",
  INVALID_IMAGE: "INVALID_IMAGE",
  EMPTY_CANVAS: "EMPTY_CANVAS",
  IMAGE_TOO_LARGE: "IMAGE_TOO_LARGE",
  NOT_FOUND: "NOT_FOUND",
  RATE_LIMITED: "RATE_LIMITED",
  SERVICE_UNAVAILABLE: "SERVICE_UNAVAILABLE",
  INTERNAL_SERVER_ERROR: "INTERNAL_SERVER_ERROR",
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** An error the client caused or may act on; its message is safe to show. */
export class ApiError extends GraphQLError {
  constructor(code: ErrorCode, message: string, extra: Record<string, unknown> = {}) {
    super(message, { extensions: { code, ...extra } });
  }
}

export const badInput = (message: string) => new ApiError(ErrorCode.BAD_USER_INPUT, message);
export const notFound = (what: string) => new ApiError(ErrorCode.NOT_FOUND, `${what} not found`);
