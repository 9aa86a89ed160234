import type { LoginAttemptResponse } from '../../models/dtos/auth/repository/auth.repository.dtos.ts';
import {
  ACCOUNT_FAILURE_WINDOW_MS,
  ACCOUNT_MAX_FAILURES,
  LOCKOUT_MS,
  LOGIN_ATTEMPT_RETENTION_MS,
  MAX_FAILED_LOGINS,
  accountLocked,
} from '../../models/entities/user.ts';
import type { Clock } from '../../kit/runtime.ts';
import type { AuthRepository } from '../../repositories/auth/auth.repository.port.ts';
import { atMostEvery, PRUNE_EVERY_MS } from '../at-most-every.ts';

/*
 * The two counts every password check makes (log-in and password change alike), with the
 * limits of `models/entities/user.ts`: the (account, client address) pair's, taken before
 * the password is checked, and the account-wide one, after a failure.
 */

/** Counts this attempt of the (subject, address) pair, atomically, before the check. */
export function claimPairAttempt(
  auth: AuthRepository,
  { subject, address, now }: { subject: string; address: string; now: Date },
): Promise<LoginAttemptResponse> {
  return auth.claimLoginAttempt({
    subject,
    address,
    now,
    lockUntil: new Date(now.getTime() + LOCKOUT_MS),
    maxAttempts: MAX_FAILED_LOGINS,
  });
}

/** Counts a failure toward the account-wide lock, from any address: the account's lock after it. */
function recordAccountFailure(
  auth: AuthRepository,
  { userId, now }: { userId: string; now: Date },
): Promise<Date | null> {
  return auth.recordLoginFailure({
    userId,
    now,
    windowStartedAfter: new Date(now.getTime() - ACCOUNT_FAILURE_WINDOW_MS),
    maxFailures: ACCOUNT_MAX_FAILURES,
    lockUntil: new Date(now.getTime() + LOCKOUT_MS),
  });
}

/**
 * After a wrong password of a known account: counts it account-wide, then answers the lock
 * that now holds, if any: the pair's (this attempt used its last try) before the account's.
 */
export async function lockAfterFailure(
  auth: AuthRepository,
  { userId, attempt, now }: { userId: string; attempt: LoginAttemptResponse; now: Date },
): Promise<{ retryAfterSeconds: number } | undefined> {
  const accountLock = await recordAccountFailure(auth, { userId, now });
  return accountLocked(attempt.lockedUntil, now) ?? accountLocked(accountLock, now);
}

/**
 * Forgets the pairs' counts untouched for `LOGIN_ATTEMPT_RETENTION_MS`, never a lock that
 * holds, at most once an hour (the dispatcher's timer or Cron asks): guesses at unknown logins
 * from ever new addresses would otherwise grow the table without end. Answers how many.
 */
export const pruneLoginAttempts = (deps: { auth: AuthRepository; clock: Clock }) =>
  atMostEvery(PRUNE_EVERY_MS, deps.clock, 0, (now) =>
    deps.auth.pruneLoginAttempts({
      before: new Date(now.getTime() - LOGIN_ATTEMPT_RETENTION_MS),
      now,
    }),
  );
