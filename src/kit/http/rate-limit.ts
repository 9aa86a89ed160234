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

/** A rule's path test, made once: the path itself, or (for `/x/*`) `/x` and what is below it. */
function pathTest(path: string): (requestPath: string) => boolean {
  if (!path.endsWith('/*')) return (requestPath) => requestPath === path;
  const exact = path.slice(0, -2);
  const below = path.slice(0, -1);
  return (requestPath) => requestPath === exact || requestPath.startsWith(below);
}

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
  const tests = rules.map((rule) => ({ rule, path: pathTest(rule.path) }));
  return async function rateLimit(c, next) {
    const { method, path } = c.req;
    const rule = tests.find(
      (test) => (test.rule.method === undefined || test.rule.method === method) && test.path(path),
    )?.rule;
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
