import { evictAfter } from '../evict-after.ts';
import type { UserCacheAdapter } from './adapters/user-cache.adapter.ts';
import type { UserDbAdapter } from './adapters/user-db.adapter.ts';
import type { UserRepository } from './user.repository.port.ts';

/**
 * The user repository: orchestrates the database adapter and the cache adapter with
 * cache-aside. Reads of one user go through the cache (filled on a miss); every write
 * evicts the user's entry after the database has committed it, never before, so a write
 * that fails leaves the cache as it was. Reads marked `fresh` bypass the cache entirely.
 *
 * @example
 * const users = createUserRepository({ db: createUserDbAdapter(db), cache: createUserCacheAdapter(cache) });
 */
export function createUserRepository({
  db,
  cache,
}: {
  db: UserDbAdapter;
  cache: UserCacheAdapter;
}): UserRepository {
  const evict = (id: string) => cache.evict(id);
  return {
    create: (command) => db.insert(command),

    async findById({ id, fresh = false }) {
      // A fresh read neither reads nor fills the cache: it decides something that must be
      // exact, and a KV write it caused would cost more than later reads save.
      if (fresh) return db.findById(id);
      const cached = await cache.get(id);
      if (cached) return cached;
      const user = await db.findById(id);
      if (user) await cache.put(user);
      return user;
    },

    search: (query) => db.search(query),

    async update(command) {
      return evictAfter(evict, command.id, await db.update(command));
    },

    async changeStatus(command) {
      return evictAfter(evict, command.id, await db.changeStatus(command));
    },

    async changeRole(command) {
      return evictAfter(evict, command.id, await db.changeRole(command));
    },

    async delete(command) {
      return evictAfter(evict, command.id, await db.softDelete(command));
    },
  };
}
