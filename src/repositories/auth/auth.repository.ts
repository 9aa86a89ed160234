import { evictAfter } from '../evict-after.ts';
import type { AuthDbAdapter } from './adapters/auth-db.adapter.ts';
import type { OneTimeTokenDbAdapter } from './adapters/one-time-token-db.adapter.ts';
import type { SessionDbAdapter } from './adapters/session-db.adapter.ts';
import type { AuthRepository } from './auth.repository.port.ts';

/**
 * The authentication repository: the database adapters for every decision. A log-in, a
 * password change or reset and an email verification change what the user's cached copy
 * says (`lastLoginAt`, `updatedAt`, `emailVerified`), so after they commit the repository
 * calls `evictCachedUser`, the one thing it needs of the user domain's cache, handed in by
 * the composition root.
 *
 * @example
 * createAuthRepository({ db: createAuthDbAdapter(db), sessions: createSessionDbAdapter(db),
 *   oneTimeTokens: createOneTimeTokenDbAdapter(db), evictCachedUser: (id) => userCache.evict(id) });
 */
export function createAuthRepository({
  db,
  sessions,
  oneTimeTokens,
  evictCachedUser,
}: {
  db: AuthDbAdapter;
  sessions: SessionDbAdapter;
  oneTimeTokens: OneTimeTokenDbAdapter;
  evictCachedUser: (userId: string) => Promise<void>;
}): AuthRepository {
  return {
    findPrincipal: (query) => db.findPrincipal(query),
    findCredentials: (query) => db.findCredentials(query),
    claimLoginAttempt: (command) => db.claimLoginAttempt(command),
    resetLoginAttempts: (command) => db.resetLoginAttempts(command),
    pruneLoginAttempts: (command) => db.pruneLoginAttempts(command),
    recordLoginFailure: (command) => db.recordLoginFailure(command),
    recordUnknownLoginFailure: (command) => db.recordUnknownLoginFailure(command),
    findUnknownLoginLock: (subject) => db.findUnknownLoginLock(subject),
    async completeLogin(command) {
      return evictAfter(evictCachedUser, command.userId, await db.completeLogin(command));
    },
    upgradePasswordHash: (command) => db.upgradePasswordHash(command),
    findRefreshToken: (hash) => db.findRefreshToken(hash),
    rotateRefreshToken: (command) => db.rotateRefreshToken(command),
    revokeFamily: (command) => db.revokeFamily(command),
    listSessions: (query) => sessions.listSessions(query),
    endSession: (command) => sessions.endSession(command),
    endAllSessions: (command) => sessions.endAllSessions(command),
    async changePassword(command) {
      await evictAfter(evictCachedUser, command.userId, await sessions.changePassword(command));
    },
    async setPassword(command) {
      await evictAfter(evictCachedUser, command.userId, await sessions.setPassword(command));
    },
    issueOneTimeToken: (command) => oneTimeTokens.issueOneTimeToken(command),
    findOneTimeToken: (query) => oneTimeTokens.findOneTimeToken(query),
    async resetPassword(command) {
      return evictAfter(
        evictCachedUser,
        command.userId,
        await oneTimeTokens.resetPassword(command),
      );
    },
    async verifyEmail(command) {
      return evictAfter(evictCachedUser, command.userId, await oneTimeTokens.verifyEmail(command));
    },
  };
}
