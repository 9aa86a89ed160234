import type { AuthDbAdapter } from './adapters/auth-db.adapter.ts';
import type { AuthRepository } from './auth.repository.port.ts';

/**
 * The authentication repository: the database adapter for every decision. A log-in changes
 * the user's `lastLoginAt`, so after it commits the repository calls `evictCachedUser`,
 * the one thing it needs of the user domain's cache, handed in by the composition root.
 *
 * @example
 * createAuthRepository({ db: createAuthDbAdapter(db), evictCachedUser: (id) => userCache.evict(id) });
 */
export function createAuthRepository({
  db,
  evictCachedUser,
}: {
  db: AuthDbAdapter;
  evictCachedUser: (userId: string) => Promise<void>;
}): AuthRepository {
  return {
    findPrincipal: (userId) => db.findPrincipal(userId),
    findCredentials: (query) => db.findCredentials(query),
    claimLoginAttempt: (command) => db.claimLoginAttempt(command),
    resetLoginAttempts: (command) => db.resetLoginAttempts(command),
    recordLoginFailure: (command) => db.recordLoginFailure(command),
    async completeLogin(command) {
      await db.completeLogin(command);
      await evictCachedUser(command.userId);
    },
    upgradePasswordHash: (command) => db.upgradePasswordHash(command),
    findRefreshToken: (hash) => db.findRefreshToken(hash),
    rotateRefreshToken: (command) => db.rotateRefreshToken(command),
    revokeFamily: (command) => db.revokeFamily(command),
  };
}
