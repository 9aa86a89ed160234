import type { Cache } from '../../../kit/cache/cache.port.ts';
import type { UserResponse } from '../../../models/dtos/user/repository/user.repository.dtos.ts';

/**
 * How a user looks in the cache: JSON, so times travel as epoch milliseconds (a number back
 * to a `Date` without parsing a string: a cache hit made three such parses before).
 */
interface CachedUser extends Omit<UserResponse, 'createdAt' | 'updatedAt' | 'lastLoginAt'> {
  readonly createdAt: number;
  readonly updatedAt: number;
  readonly lastLoginAt: number | null;
}

/** Five minutes: above KV's 60 s minimum; a stale entry lives at most this long. */
const USER_CACHE_TTL_SECONDS = 300;

/** The cache adapter of the user repository: its keys, its TTL and its JSON shape. */
export type UserCacheAdapter = ReturnType<typeof createUserCacheAdapter>;

/**
 * @example
 * const userCache = createUserCacheAdapter(resilientCache(createKvCache(env.CACHE), logger));
 */
export function createUserCacheAdapter(cache: Cache, ttlSeconds = USER_CACHE_TTL_SECONDS) {
  // v4: times as epoch milliseconds (v3: `emailVerified` and `mfaEnabled` joined the shape);
  // older entries are never read.
  const key = (id: string) => `user:v4:${id}`;
  return {
    async get(id: string): Promise<UserResponse | undefined> {
      const cached = await cache.get<CachedUser>(key(id));
      if (!cached) return undefined;
      return {
        ...cached,
        createdAt: new Date(cached.createdAt),
        updatedAt: new Date(cached.updatedAt),
        lastLoginAt: cached.lastLoginAt === null ? null : new Date(cached.lastLoginAt),
      };
    },
    async put(user: UserResponse): Promise<void> {
      const value: CachedUser = {
        ...user,
        createdAt: user.createdAt.getTime(),
        updatedAt: user.updatedAt.getTime(),
        lastLoginAt: user.lastLoginAt?.getTime() ?? null,
      };
      await cache.put(key(user.id), value, ttlSeconds);
    },
    async evict(id: string): Promise<void> {
      await cache.delete(key(id));
    },
  };
}
