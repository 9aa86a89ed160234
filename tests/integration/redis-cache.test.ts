import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createApp } from '../../src/app.ts';
import { loadConfig } from '../../src/configs/config.ts';
import { buildNodeRuntime, type NodeRuntime } from '../../src/configs/node-runtime.ts';
import { createRedisCache, type RedisCache } from '../../src/kit/cache/redis-cache.ts';
import { resilientCache } from '../../src/kit/cache/resilient-cache.ts';
import { createLogger } from '../../src/kit/log/logger.ts';
import { startRedisServer, type RedisServer } from '../support/redis-server.ts';

const folder = mkdtempSync(join(tmpdir(), 'user-api-redis-'));
let redis: RedisServer;
beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(async () => {
  await redis.stop();
  rmSync(folder, { recursive: true, force: true });
});

const ignore = () => undefined;

describe('the Redis cache (a real redis-server)', () => {
  it('keeps JSON values with an expiry, and deletes them', async () => {
    const cache = await createRedisCache({ url: redis.url, onError: ignore });
    const raw = new Redis(redis.url);
    try {
      await cache.put('user:1', { id: '1', name: 'Ada' }, 300);
      expect(await cache.get('user:1')).toEqual({ id: '1', name: 'Ada' });
      const ttl = await raw.ttl('user-api:user:1');
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(300);
      await cache.delete('user:1');
      expect(await cache.get('user:1')).toBeUndefined();
      expect(await raw.exists('user-api:user:1')).toBe(0);
    } finally {
      raw.disconnect();
      await cache.close();
    }
  });

  it('is a logged miss, never a hung or failed call, while Redis is down', async () => {
    const down = await startRedisServer();
    const lines: string[] = [];
    const logger = createLogger({ level: 'warn', write: (line) => lines.push(line) });
    const inner: RedisCache = await createRedisCache({ url: down.url, onError: ignore });
    const cache = resilientCache(inner, logger);
    try {
      await cache.put('k', 1, 60);
      expect(await cache.get('k')).toBe(1);
      await down.stop();
      // Each call settles (no offline queue, no retry): the test would time out otherwise.
      expect(await cache.get('k')).toBeUndefined();
      await cache.put('k', 2, 60);
      await cache.delete('k');
      expect(lines.some((line) => line.includes('cache failure, treated as a miss'))).toBe(true);
      // The client reconnects by itself once the server is back.
      const back = await startRedisServer(down.port);
      try {
        // Bounded: the reconnect must happen within 5 s.
        const value = await vi.waitFor(
          async () => {
            await cache.put('k', 3, 60);
            const read = await cache.get<number>('k');
            if (read === undefined) throw new Error('not reconnected yet');
            return read;
          },
          { timeout: 5_000, interval: 50 },
        );
        expect(value).toBe(3);
      } finally {
        await back.stop();
      }
    } finally {
      await inner.close();
    }
  });
});

describe('two Node instances sharing one database file and one Redis', () => {
  let a: NodeRuntime;
  let b: NodeRuntime;
  beforeAll(async () => {
    const config = loadConfig({
      APP_ENV: 'test',
      DATABASE_URL: `file:${join(folder, 'shared.db')}`,
      CACHE_URL: redis.url,
      JWT_SECRET: 'a-shared-secret-of-at-least-32-bytes!!',
      LOG_LEVEL: 'silent',
    });
    a = await buildNodeRuntime(config);
    b = await buildNodeRuntime(config);
  });
  afterAll(async () => {
    await a.close();
    await b.close();
  });

  it('sees a change made through one instance at once through the other', async () => {
    const one = createApp(a.deps);
    const two = createApp(b.deps);
    const json = (body: unknown, headers: Record<string, string> = {}) => ({
      headers: { 'Content-Type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
    const registered = await one.request('/api/v1/users', {
      method: 'POST',
      ...json({
        username: 'shared_ada',
        email: 'ada@example.com',
        password: 'a sturdy passphrase 1',
      }),
    });
    expect(registered.status).toBe(201);
    const { id } = (await registered.json()) as { id: string };
    const login = await two.request('/api/v1/auth/token', {
      method: 'POST',
      ...json({ login: 'shared_ada', password: 'a sturdy passphrase 1' }),
    });
    const { accessToken } = (await login.json()) as { accessToken: string };
    const auth = { Authorization: `Bearer ${accessToken}` };

    // Instance one reads the user, and so caches it.
    const first = await one.request(`/api/v1/users/${id}`, { headers: auth });
    expect(((await first.json()) as { email: string }).email).toBe('ada@example.com');

    const changed = await two.request(`/api/v1/users/${id}`, {
      method: 'PATCH',
      ...json({ email: 'ada@new.example.com' }, auth),
    });
    expect(changed.status).toBe(200);

    // With an in-process cache each, instance one would still answer its own stale copy.
    const second = await one.request(`/api/v1/users/${id}`, { headers: auth });
    expect(((await second.json()) as { email: string }).email).toBe('ada@new.example.com');
  });

  it('keeps its cache in Redis, and reports it ready', async () => {
    const raw = new Redis(redis.url);
    try {
      expect((await raw.keys('user-api:*')).length).toBeGreaterThan(0);
    } finally {
      raw.disconnect();
    }
    const response = await createApp(a.deps).request('/ready');
    expect(await response.json()).toEqual({
      status: 'ok',
      checks: { database: 'ok', cache: 'ok' },
    });
  });
});
