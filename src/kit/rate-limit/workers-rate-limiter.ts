import type { RateLimiter } from './rate-limiter.port.ts';

/** A Workers Rate Limiting binding (`[[ratelimits]]` in wrangler.toml). */
export interface RateLimitBinding {
  limit(options: { key: string }): Promise<{ success: boolean }>;
}

/**
 * The limiter on Cloudflare's Rate Limiting bindings, one per policy name: counters the
 * platform keeps per location, shared by every isolate there (an in-isolate counter would
 * reset with each new isolate and split across isolates). The binding's own limit and
 * period (10 or 60 s) are declared in wrangler.toml; it answers only allowed or not, so
 * `remaining` is unknown. A policy without a binding falls back to `fallback`.
 *
 * @example
 * const limiter = createWorkersRateLimiter({ token: env.RATE_LIMIT_TOKEN }, createMemoryRateLimiter());
 */
export function createWorkersRateLimiter(
  bindings: Readonly<Record<string, RateLimitBinding | undefined>>,
  fallback: RateLimiter,
): RateLimiter {
  return {
    limitsFromPlatform: true,
    async hit(key, policy) {
      const binding = bindings[policy.name];
      if (!binding) return fallback.hit(key, policy);
      // Scoped by policy too: bindings that share a namespace (or a simulator's one store)
      // must not count one family's requests against another's.
      const { success } = await binding.limit({ key: `${policy.name}:${key}` });
      return { allowed: success, remaining: undefined, resetSeconds: policy.windowSeconds };
    },
  };
}
