import type { Cache } from '../../../kit/cache/cache.port.ts';
import type { UserResponse } from '../../../models/dtos/user/repository/user.repository.dtos.ts';

/** How a user looks in the cache: JSON, so dates travel as ISO strings. */
interface CachedUser extends Omit<UserResponse, 'createdAt' | 'updatedAt' | 'lastLoginAt'> {
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly lastLoginAt: string | null;
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
  // v3: `emailVerified` and `mfaEnabled` joined the shape; older entries are never read.
  const key = (id: string) => `user:v3:${id}`;
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
        createdAt: user.createdAt.toISOString(),
        updatedAt: user.updatedAt.toISOString(),
        lastLoginAt: user.lastLoginAt?.toISOString() ?? null,
      };
      await cache.put(key(user.id), value, ttlSeconds);
    },
    async evict(id: string): Promise<void> {
      await cache.delete(key(id));
    },
  };
}
