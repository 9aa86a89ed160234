import type { PasswordHasher } from '../../kit/crypto/password.ts';
import { ValidationError } from '../../kit/errors/catalogue.ts';
import type {
  LoginAttemptResponse,
  UserCredentialsResponse,
} from '../../models/dtos/auth/repository/auth.repository.dtos.ts';
import {
  ACCOUNT_FAILURE_WINDOW_MS,
  ACCOUNT_MAX_FAILURES,
  LOCKOUT_MS,
  LOGIN_ATTEMPT_RETENTION_MS,
  MAX_FAILED_LOGINS,
  accountLocked,
  lockedOut,
  loginOutcome,
} from '../../models/entities/user.ts';
import { AccountDisabledError, AccountLockedError } from '../../models/errors/auth.errors.ts';
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

/** The account-wide count's window and limit, as of `now`. */
function accountWindow(now: Date) {
  return {
    windowStartedAfter: new Date(now.getTime() - ACCOUNT_FAILURE_WINDOW_MS),
    maxFailures: ACCOUNT_MAX_FAILURES,
    lockUntil: new Date(now.getTime() + LOCKOUT_MS),
  };
}

/** Counts a failure toward the account-wide lock, from any address: the account's lock after it. */
function recordAccountFailure(
  auth: AuthRepository,
  { userId, now }: { userId: string; now: Date },
): Promise<Date | null> {
  return auth.recordLoginFailure({ userId, now, ...accountWindow(now) });
}

/**
 * After a wrong password: counts it account-wide (a known account's, or an unknown login's
 * stand-in `subject` alike), then answers the lock that now holds, if any: the pair's (this
 * attempt used its last try) before the account's.
 */
export async function lockAfterFailure(
  auth: AuthRepository,
  {
    account,
    attempt,
    now,
  }: {
    account: { userId: string } | { subject: string };
    attempt: LoginAttemptResponse;
    now: Date;
  },
): Promise<{ retryAfterSeconds: number } | undefined> {
  const accountLock =
    'userId' in account
      ? await recordAccountFailure(auth, { userId: account.userId, now })
      : await auth.recordUnknownLoginFailure({
          subject: account.subject,
          now,
          ...accountWindow(now),
        });
  return accountLocked(attempt.lockedUntil, now) ?? accountLocked(accountLock, now);
}

/**
 * The password a signed-in user sends to confirm a change (a new password, removing the
 * second factor), checked as a log-in of the (account, client address) pair is: counted
 * first, and a wrong one counted account-wide too, so the route is no way around the lock.
 * A right one leaves the pair's count for the caller's write to clear.
 *
 * @throws {AccountLockedError} while locked, or when this wrong password locks.
 * @throws {ValidationError} naming `path`: not the current password.
 * @throws {AccountDisabledError} a suspended user with the right password.
 */
export async function confirmPassword(
  deps: { auth: AuthRepository; passwords: PasswordHasher },
  {
    account,
    password,
    address,
    now,
    path,
  }: {
    account: UserCredentialsResponse;
    password: string;
    address: string;
    now: Date;
    path: string;
  },
): Promise<void> {
  const wholeAccount = accountLocked(account.lockedUntil, now);
  if (wholeAccount) {
    throw new AccountLockedError({ retryAfterSeconds: wholeAccount.retryAfterSeconds });
  }
  const attempt = await claimPairAttempt(deps.auth, { subject: account.id, address, now });
  const locked = lockedOut(attempt, now);
  if (locked) throw new AccountLockedError({ retryAfterSeconds: locked.retryAfterSeconds });
  const matches = await deps.passwords.verify(password, account.passwordHash);
  const result = loginOutcome(attempt, account.status, matches, now);
  switch (result.outcome) {
    case 'wrong-password':
    case 'locked': {
      const lock = await lockAfterFailure(deps.auth, {
        account: { userId: account.id },
        attempt,
        now,
      });
      if (lock) throw new AccountLockedError({ retryAfterSeconds: lock.retryAfterSeconds });
      throw new ValidationError({ errors: [{ path, message: 'Not the current password.' }] });
    }
    case 'disabled':
      await deps.auth.resetLoginAttempts({ subject: account.id, address });
      throw new AccountDisabledError();
    // Stryker disable next-line ConditionalExpression,StringLiteral: the last case only ends the switch; without a match it ends the same way (the case is there for the exhaustiveness lint)
    case 'granted':
      break;
  }
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
