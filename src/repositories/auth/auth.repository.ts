import type { UserCacheAdapter } from '../user/adapters/user-cache.adapter.ts';
import type { AuthDbAdapter } from './adapters/auth-db.adapter.ts';
import type { AuthRepository } from './auth.repository.port.ts';

/**
 * The authentication repository: the database adapter for every decision, and the user
 * cache evicted after a log-in commits (it changes `lastLoginAt`).
 */
export function createAuthRepository({
  db,
  userCache,
}: {
  db: AuthDbAdapter;
  userCache: UserCacheAdapter;
}): AuthRepository {
  return {
    findPrincipal: (userId) => db.findPrincipal(userId),
    findCredentials: (query) => db.findCredentials(query),
    claimLoginAttempt: (command) => db.claimLoginAttempt(command),
    resetLoginAttempts: (userId) => db.resetLoginAttempts(userId),
    async completeLogin(command) {
      await db.completeLogin(command);
      await userCache.evict(command.userId);
    },
    findRefreshToken: (hash) => db.findRefreshToken(hash),
    rotateRefreshToken: (command) => db.rotateRefreshToken(command),
    revokeFamily: (command) => db.revokeFamily(command),
  };
}
