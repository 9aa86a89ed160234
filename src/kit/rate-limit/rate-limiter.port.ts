/** How many requests one key may make per window. */
export interface RateLimitPolicy {
  /** The policy's name, as `RateLimit-Policy` and `RateLimit` name it. */
  readonly name: string;
  readonly limit: number;
  readonly windowSeconds: number;
}

/** What the limiter decided for one request. */
export interface RateLimitDecision {
  readonly allowed: boolean;
  /** Requests left in the window after this one; undefined when the backend cannot tell. */
  readonly remaining: number | undefined;
  /** Seconds until the window resets. */
  readonly resetSeconds: number;
}

/**
 * The rate limiter port: counts one request of `key` under `policy`. Implementations:
 * in-process (`memory-rate-limiter.ts`), Redis (`redis-rate-limiter.ts`), the Workers Rate
 * Limiting binding (`workers-rate-limiter.ts`). Callers wrap it in `resilientRateLimiter`,
 * so a failing backend lets requests through.
 */
export interface RateLimiter {
  hit(key: string, policy: RateLimitPolicy): Promise<RateLimitDecision>;
  /**
   * The platform fixes the limits (the Workers bindings declare theirs in wrangler.toml):
   * a policy's `limit` and `windowSeconds` only name what is enforced, never change it.
   */
  readonly limitsFromPlatform?: boolean;
}
