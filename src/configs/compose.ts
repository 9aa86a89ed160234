import type { AppDeps } from '../app';
import type { Database } from '../db/client';
import type { Cache } from '../kit/cache/cache.port';
import type { Logger } from '../kit/log/logger';
import type { ReadinessCheck } from '../services/system/system.routes';

/** The concrete parts a runtime provides; `composeDeps` wires them into the app's deps. */
export interface RuntimeParts {
  readonly db: Database;
  /** A cheap query that proves the database answers (`select 1`). */
  readonly pingDatabase: () => Promise<void>;
  readonly cache: Cache;
  readonly logger: Logger;
}

/** A put/get/delete round trip: the cache answers, with what was put. */
export function cacheReadiness(cache: Cache): ReadinessCheck {
  return {
    name: 'cache',
    check: async () => {
      const key = `ready:${crypto.randomUUID()}`;
      await cache.put(key, 1, 60);
      const value = await cache.get<number>(key);
      await cache.delete(key);
      if (value !== 1) throw new Error('the cache did not return what was put');
    },
  };
}

/**
 * The wiring shared by every runtime (Node, Workers, tests): given the concrete parts,
 * builds repositories, logic and the app's deps. Entry points differ only in the parts.
 */
export function composeDeps(parts: RuntimeParts): AppDeps {
  return {
    logger: parts.logger,
    readiness: [{ name: 'database', check: parts.pingDatabase }, cacheReadiness(parts.cache)],
  };
}
