import type { Context, MiddlewareHandler } from 'hono';
import { RateLimitExceededError } from '../errors/catalogue.ts';
import type { RateLimiter, RateLimitPolicy } from '../rate-limit/rate-limiter.port.ts';
import { rateLimitHeader, rateLimitPolicyHeader } from './rate-limit-headers.ts';

/** One limited route family: requests whose method and path match count under `policy`. */
export interface RateLimitRule {
  /** Only this method counts; every method when absent. */
  readonly method?: string;
  /** The path, or every path below it too when it ends in `/*`. */
  readonly path: string;
  readonly policy: RateLimitPolicy;
}

const matches = (rule: RateLimitRule, method: string, path: string) =>
  (rule.method === undefined || rule.method === method) &&
  (rule.path.endsWith('/*')
    ? path === rule.path.slice(0, -2) || path.startsWith(rule.path.slice(0, -1))
    : path === rule.path);

/**
 * Counts each request of a limited route family per client address, and refuses one over
 * the limit with 429 `RATE_LIMIT_EXCEEDED` (the error carries `retryAfterSeconds` and the
 * policy; the problem renderer writes `Retry-After`, `RateLimit-Policy` and `RateLimit`).
 * Allowed requests carry `RateLimit-Policy` and, when the backend can tell, `RateLimit`.
 *
 * @example
 * app.use(rateLimit({ rules, limiter, addressOf: (c) => '192.0.2.1' }));
 */
export function rateLimit({
  rules,
  limiter,
  addressOf,
}: {
  rules: readonly RateLimitRule[];
  limiter: RateLimiter;
  addressOf: (c: Context) => string;
}): MiddlewareHandler {
  return async function rateLimit(c, next) {
    const rule = rules.find((candidate) => matches(candidate, c.req.method, c.req.path));
    if (!rule) return next();
    const { policy } = rule;
    const decision = await limiter.hit(addressOf(c), policy);
    if (!decision.allowed) {
      throw new RateLimitExceededError({
        retryAfterSeconds: decision.resetSeconds,
        rateLimit: { policy, remaining: 0, resetSeconds: decision.resetSeconds },
      });
    }
    c.header('RateLimit-Policy', rateLimitPolicyHeader(policy));
    if (decision.remaining !== undefined) {
      c.header('RateLimit', rateLimitHeader(policy, decision.remaining, decision.resetSeconds));
    }
    await next();
  };
}
