import { evictAfter } from '../evict-after.ts';
import type { MfaDbAdapter } from './adapters/mfa-db.adapter.ts';
import type { MfaRepository } from './mfa.repository.port.ts';

/**
 * The second-factor repository: the database adapter, and after a change of `mfaEnabled`
 * commits, the user's cache entry evicted (handed in by the composition root).
 *
 * @example
 * createMfaRepository({ db: createMfaDbAdapter(db), evictCachedUser: (id) => userCache.evict(id) });
 */
export function createMfaRepository({
  db,
  evictCachedUser,
}: {
  db: MfaDbAdapter;
  evictCachedUser: (userId: string) => Promise<void>;
}): MfaRepository {
  return {
    findTotp: (userId) => db.findTotp(userId),
    savePendingTotp: (command) => db.savePendingTotp(command),
    async confirmTotp(command) {
      return evictAfter(evictCachedUser, command.userId, await db.confirmTotp(command));
    },
    hasUnusedRecoveryCode: (query) => db.hasUnusedRecoveryCode(query),
    async removeTotp(userId) {
      return evictAfter(evictCachedUser, userId, await db.removeTotp(userId));
    },
  };
}
