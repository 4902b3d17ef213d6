import { GraphQLError } from "graphql";
import type { MiddlewareFn } from "type-graphql";
import { ErrorCode } from "../lib/errors.ts";
import type { Context } from "./context.ts";

/** RATE_LIMITED with the seconds to wait; over HTTP, status 429 (Apollo reads `extensions.http`). */
export const rateLimited = (message: string, retryAfter?: number) =>
  new GraphQLError(message, { extensions: { code: ErrorCode.RATE_LIMITED, ...(retryAfter === undefined ? {} : { retryAfter }), http: { status: 429 } } });

/** Takes `points` from the caller's per-minute budget, or refuses with RATE_LIMITED (and Retry-After on HTTP). */
export async function chargeRateLimit(context: Context, points: number): Promise<void> {
  const verdict = await context.services.rateLimiter.consume(context.clientIp, points);
  if (!verdict.allowed) {
    context.setHeader?.("Retry-After", String(verdict.retryAfter));
    throw rateLimited(`Too many requests: try again in ${verdict.retryAfter} s`, verdict.retryAfter);
  }
}

/**
 * Charges the caller's per-minute budget before a field resolves; `cost` may depend on the
 * arguments (a batch of images costs one per image). Each aliased copy of a field pays again.
 */
export function RateLimit(cost: (args: Record<string, unknown>) => number = () => 1): MiddlewareFn<Context> {
  return async ({ args, context }, next) => {
    await chargeRateLimit(context, Math.max(1, cost(args)));
    return next();
  };
}
