/**
 * The cache port: a key/value store of JSON values with a time to live. Implementations:
 * in-process (`memory-cache.ts`, the Node default and tests) and Workers KV (`kv-cache.ts`).
 * A cache is an optimisation: callers treat a failure as a miss (see `resilientCache`).
 */
export interface Cache {
  get<T>(key: string): Promise<T | undefined>;
  put(key: string, value: unknown, ttlSeconds: number): Promise<void>;
  delete(key: string): Promise<void>;
}
