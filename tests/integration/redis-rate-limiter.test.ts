import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisCache } from '../../src/kit/cache/redis-cache.ts';
import { createLogger } from '../../src/kit/log/logger.ts';
import { createRedisRateLimiter } from '../../src/kit/rate-limit/redis-rate-limiter.ts';
import { resilientRateLimiter } from '../../src/kit/rate-limit/resilient-rate-limiter.ts';
import { startRedisServer, type RedisServer } from '../support/redis-server.ts';

let redis: RedisServer;
beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(async () => {
  await redis.stop();
});

const ignore = () => undefined;
const policy = { name: 'token', limit: 3, windowSeconds: 60 };

describe('the Redis rate limiter (a real redis-server)', () => {
  it('counts one window per key across instances, with the time left', async () => {
    const a = await createRedisCache({ url: redis.url, onError: ignore });
    const b = await createRedisCache({ url: redis.url, onError: ignore });
    try {
      const first = createRedisRateLimiter(a.client);
      const second = createRedisRateLimiter(b.client);
      const decisions = [];
      for (let i = 0; i < 4; i++) {
        decisions.push(await (i % 2 === 0 ? first : second).hit('192.0.2.1', policy));
      }
      expect(decisions.map((d) => d.allowed)).toEqual([true, true, true, false]);
      expect(decisions[2]).toMatchObject({ remaining: 0 });
      expect(decisions[3]?.resetSeconds).toBeGreaterThan(0);
      expect(decisions[3]?.resetSeconds).toBeLessThanOrEqual(60);
      expect((await first.hit('192.0.2.2', policy)).allowed).toBe(true);
      expect((await first.hit('192.0.2.1', { ...policy, name: 'refresh' })).allowed).toBe(true);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('lets requests through, logged, while Redis is down', async () => {
    const down = await startRedisServer();
    const lines: string[] = [];
    const cache = await createRedisCache({ url: down.url, onError: ignore });
    const limiter = resilientRateLimiter(
      createRedisRateLimiter(cache.client),
      createLogger({ level: 'warn', write: (line) => lines.push(line) }),
    );
    try {
      await down.stop();
      for (let i = 0; i < 5; i++)
        expect((await limiter.hit('192.0.2.3', policy)).allowed).toBe(true);
      expect(lines.some((line) => line.includes('rate limiter failure, request let through'))).toBe(
        true,
      );
    } finally {
      await cache.close();
    }
  });
});
