import type { Logger } from '../log/logger.ts';
import { describeError } from '../log/logger.ts';
import type { Cache } from './cache.port.ts';

/**
 * Wraps a `Cache` so that a failing backend is a miss, never a failed request. The first
 * failure of each operation is logged as a warning; repeats are logged at debug so a dead
 * cache does not flood the log.
 *
 * @example
 * const cache = resilientCache(createKvCache(env.CACHE), logger);
 */
export function resilientCache(inner: Cache, logger: Logger): Cache {
  const warned = new Set<string>();
  const report = (operation: string, key: string, error: unknown): void => {
    const fields = { operation, key, ...describeError(error) };
    if (warned.has(operation)) {
      logger.debug('cache failure', fields);
    } else {
      warned.add(operation);
      logger.warn('cache failure, treated as a miss', fields);
    }
  };
  return {
    async get<T>(key: string) {
      try {
        return await inner.get<T>(key);
      } catch (error) {
        report('get', key, error);
        return undefined;
      }
    },
    async put(key, value, ttlSeconds) {
      try {
        await inner.put(key, value, ttlSeconds);
      } catch (error) {
        report('put', key, error);
      }
    },
    async delete(key) {
      try {
        await inner.delete(key);
      } catch (error) {
        report('delete', key, error);
      }
    },
  };
}
