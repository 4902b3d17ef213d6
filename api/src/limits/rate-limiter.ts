import type { Redis } from "ioredis";
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";

export interface RateLimitVerdict {
  allowed: boolean;
  /** Seconds until the caller may try again (when refused). */
  retryAfter: number;
}

export interface RateLimiter {
  consume(key: string, points: number): Promise<RateLimitVerdict>;
  close(): Promise<void>;
}

const WINDOW_SECONDS = 60;

/** A budget that never runs out (rate limiting off, or a command that authenticates no one). */
export const unlimited: RateLimiter = { consume: async () => ({ allowed: true, retryAfter: 0 }), close: async () => {} };

/**
 * Points per client per minute. With Redis the budget is shared by all replicas; if Redis is
 * away, each process falls back to its own in-memory budget instead of failing requests. Each
 * budget (`name`) has keys of its own.
 */
export async function createRateLimiter(perMinute: number, redisUrl: string | undefined, name = "rl"): Promise<RateLimiter> {
  if (perMinute <= 0) return unlimited;
  const memory = new RateLimiterMemory({ points: perMinute, duration: WINDOW_SECONDS, keyPrefix: name });
  let redis: Redis | undefined;
  let limiter: RateLimiterAbstract = memory;
  if (redisUrl) {
    const { Redis } = await import("ioredis"); // only when configured: keeps it out of the embedded start
    redis = new Redis(redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1, retryStrategy: (n) => Math.min(n * 200, 2000) });
    redis.on("error", () => {}); // reported by the pub/sub client; the insurance limiter takes over
    limiter = new RateLimiterRedis({ storeClient: redis, points: perMinute, duration: WINDOW_SECONDS, keyPrefix: `digits:${name}`, insuranceLimiter: memory });
  }
  return {
    async consume(key, points) {
      try {
        await limiter.consume(key, points);
        return { allowed: true, retryAfter: 0 };
      } catch (refusal) {
        if (refusal instanceof RateLimiterRes) return { allowed: false, retryAfter: Math.max(1, Math.ceil(refusal.msBeforeNext / 1000)) };
        throw refusal;
      }
    },
    async close() {
      redis?.disconnect();
    },
  };
}
