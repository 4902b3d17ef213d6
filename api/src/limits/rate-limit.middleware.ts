import type { MiddlewareFn } from "type-graphql";
import { ApiError, ErrorCode } from "../errors.ts";
import type { Context } from "../schema/context.ts";

/**
 * Charges the caller's per-minute budget before a mutation runs; `cost` may depend on the
 * arguments (a batch of images costs one per image).
 */
export function RateLimit(cost: (args: Record<string, unknown>) => number = () => 1): MiddlewareFn<Context> {
  return async ({ args, context }, next) => {
    const points = Math.max(1, cost(args));
    const verdict = await context.services.rateLimiter.consume(context.clientIp, points);
    if (!verdict.allowed) {
      context.setHeader?.("Retry-After", String(verdict.retryAfter));
      throw new ApiError(ErrorCode.RATE_LIMITED, `Too many requests: try again in ${verdict.retryAfter} s`, {
        retryAfter: verdict.retryAfter,
        http: { status: 429 },
      });
    }
    return next();
  };
}
