import { LRUCache } from 'lru-cache';
import type { Cache } from './cache.port.ts';

/**
 * The in-process `Cache`: a bounded LRU with per-entry TTL. Values are stored as JSON text
 * so a caller can never mutate a cached object in place, which is what KV gives too.
 *
 * @example
 * const cache = createMemoryCache({ maxEntries: 10_000 });
 * await cache.put('user:1', { id: '1' }, 300);
 */
export function createMemoryCache({
  maxEntries = 10_000,
  now,
}: {
  maxEntries?: number;
  /** The clock TTLs are measured on, in milliseconds; tests pass a fake one. */
  now?: () => number;
} = {}): Cache {
  const lru = new LRUCache<string, string>({
    max: maxEntries,
    ...(now ? { perf: { now }, ttlResolution: 0 } : {}),
  });
  return {
    get<T>(key: string) {
      const text = lru.get(key);
      return Promise.resolve(text === undefined ? undefined : (JSON.parse(text) as T));
    },
    put(key, value, ttlSeconds) {
      lru.set(key, JSON.stringify(value), { ttl: ttlSeconds * 1000 });
      return Promise.resolve();
    },
    delete(key) {
      lru.delete(key);
      return Promise.resolve();
    },
  };
}
