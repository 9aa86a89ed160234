import { Redis } from 'ioredis';
import type { Cache } from './cache.port.ts';

/** A `Cache` on Redis, and how to let go of its connection. */
export interface RedisCache extends Cache {
  readonly close: () => Promise<void>;
  /** The connection, for other users of the same server (the rate limiter). */
  readonly client: Redis;
}

/**
 * The `Cache` on Redis (ioredis), shared by every instance that names the same server.
 * Values are JSON text with Redis' own expiry. It never makes a request wait on a dead
 * server: no offline queue (a command while disconnected fails at once), one attempt per
 * command and a short command timeout; the client reconnects in the background. Wrap it in
 * `resilientCache` so a failure is a logged miss.
 *
 * @example
 * const cache = await createRedisCache({ url: 'redis://127.0.0.1:6379', onError: log });
 */
export async function createRedisCache({
  url,
  keyPrefix = 'user-api:',
  commandTimeoutMs = 500,
  connectTimeoutMs = 2_000,
  onError,
}: {
  url: string;
  keyPrefix?: string;
  commandTimeoutMs?: number;
  connectTimeoutMs?: number;
  /** Connection errors, which ioredis reports as events rather than rejections. */
  onError: (error: Error) => void;
}): Promise<RedisCache> {
  const redis = new Redis(url, {
    keyPrefix,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: commandTimeoutMs,
    connectTimeout: connectTimeoutMs,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
  });
  redis.on('error', onError);
  // Give the first connection a moment, so the first requests find it; a server that is
  // down at start is not fatal: the cache misses until it comes back.
  await new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(timer);
      redis.off('ready', done);
      redis.off('error', done);
      resolve();
    };
    const timer = setTimeout(done, connectTimeoutMs);
    redis.once('ready', done);
    redis.once('error', done);
  });
  return {
    async get<T>(key: string) {
      const text = await redis.get(key);
      return text === null ? undefined : (JSON.parse(text) as T);
    },
    async put(key, value, ttlSeconds) {
      await redis.set(key, JSON.stringify(value), 'EX', Math.max(1, Math.ceil(ttlSeconds)));
    },
    async delete(key) {
      await redis.del(key);
    },
    client: redis,
    close: () => {
      redis.disconnect();
      return Promise.resolve();
    },
  };
}
