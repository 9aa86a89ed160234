import type { Redis } from 'ioredis';
import type { RateLimiter } from './rate-limiter.port.ts';

// One round trip, atomic: count the hit, start the window's expiry on its first hit.
const HIT = `local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return {n, redis.call('PTTL', KEYS[1])}`;

/**
 * A fixed-window counter per key in Redis, shared by every instance that names the same
 * server (`CACHE_URL`). Use the cache's ioredis client: no offline queue, one attempt, a
 * short timeout, so a dead Redis fails fast and `resilientRateLimiter` lets requests through.
 *
 * @example
 * const limiter = createRedisRateLimiter(redis);
 */
export function createRedisRateLimiter(redis: Redis, keyPrefix = 'rl:'): RateLimiter {
  return {
    async hit(key, policy) {
      const [count, ttlMs] = (await redis.eval(
        HIT,
        1,
        `${keyPrefix}${policy.name}:${key}`,
        String(policy.windowSeconds * 1000),
      )) as [number, number];
      return {
        allowed: count <= policy.limit,
        remaining: Math.max(0, policy.limit - count),
        resetSeconds: Math.max(
          1,
          Math.ceil((ttlMs > 0 ? ttlMs : policy.windowSeconds * 1000) / 1000),
        ),
      };
    },
  };
}
