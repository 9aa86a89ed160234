import { LRUCache } from 'lru-cache';
import type { Cache } from './cache.port.ts';

/** Freezes a JSON value through and through: what `get` hands out cannot be changed. */
function deepFrozen<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const inner of Object.values(value)) deepFrozen(inner);
    Object.freeze(value);
  }
  return value;
}

/**
 * The in-process `Cache`: a bounded LRU with per-entry TTL. A value goes in as KV would give
 * it back (through JSON: a `Date` becomes its string), deeply frozen, so a caller can never
 * change a cached object in place, and comes out as is: no parse per hit.
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
  // Boxed: the LRU holds no null or undefined, which are JSON values too.
  const lru = new LRUCache<string, { readonly value: unknown }>({
    max: maxEntries,
    ...(now ? { perf: { now }, ttlResolution: 0 } : {}),
  });
  return {
    get<T>(key: string) {
      return Promise.resolve(lru.get(key)?.value as T | undefined);
    },
    put(key, value, ttlSeconds) {
      const text = JSON.stringify(value) as string | undefined;
      const stored: unknown = text === undefined ? undefined : JSON.parse(text);
      lru.set(key, { value: deepFrozen(stored) }, { ttl: ttlSeconds * 1000 });
      return Promise.resolve();
    },
    delete(key) {
      lru.delete(key);
      return Promise.resolve();
    },
  };
}
