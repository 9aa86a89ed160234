import { describeError, type Logger } from '../log/logger.ts';
import type { RateLimiter } from './rate-limiter.port.ts';

/**
 * Wraps a `RateLimiter` so that a failing backend lets the request through, logged (a
 * warning the first time, debug after), rather than failing it: a limiter protects the
 * service, it must not become the outage.
 *
 * @example
 * const limiter = resilientRateLimiter(createRedisRateLimiter(redis), logger);
 */
export function resilientRateLimiter(inner: RateLimiter, logger: Logger): RateLimiter {
  let warned = false;
  return {
    async hit(key, policy) {
      try {
        return await inner.hit(key, policy);
      } catch (error) {
        const fields = { policy: policy.name, ...describeError(error) };
        if (warned) logger.debug('rate limiter failure', fields);
        else logger.warn('rate limiter failure, request let through', fields);
        warned = true;
        return { allowed: true, remaining: undefined, resetSeconds: policy.windowSeconds };
      }
    },
  };
}
