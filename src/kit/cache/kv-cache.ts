import type { Cache } from './cache.port.ts';

/**
 * The part of Workers KV's `KVNamespace` this cache uses, so the kit type-checks on Node
 * without the Workers globals.
 */
export interface KvNamespaceLike {
  get(key: string, type: 'json'): Promise<unknown>;
  put(key: string, value: string, options?: { expirationTtl?: number }): Promise<void>;
  delete(key: string): Promise<void>;
}

/** KV refuses an `expirationTtl` under 60 seconds. */
const KV_MIN_TTL_SECONDS = 60;

/**
 * The `Cache` over a Workers KV namespace. TTLs under KV's 60 s minimum are raised to it.
 * KV is eventually consistent across locations (a write may take ~60 s to be seen
 * everywhere), so nothing that must be exact may be decided from it.
 *
 * @example
 * const cache = createKvCache(env.CACHE);
 */
export function createKvCache(namespace: KvNamespaceLike, { prefix = '' } = {}): Cache {
  return {
    async get<T>(key: string) {
      const value = await namespace.get(prefix + key, 'json');
      return value === null ? undefined : (value as T);
    },
    put(key, value, ttlSeconds) {
      return namespace.put(prefix + key, JSON.stringify(value), {
        expirationTtl: Math.max(KV_MIN_TTL_SECONDS, Math.ceil(ttlSeconds)),
      });
    },
    delete(key) {
      return namespace.delete(prefix + key);
    },
  };
}
