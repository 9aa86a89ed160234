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

/**
 * Opens an attempt of the (subject, address) pair before the password is checked: refused
 * while the account-wide lock (`accountLockedUntil`) holds, else counted, atomically, and
 * refused while the pair's lock holds.
 *
 * @throws {AccountLockedError} while either lock holds.
 */
export async function openPairAttempt(
  auth: AuthRepository,
  {
    accountLockedUntil,
    subject,
    address,
    now,
  }: { accountLockedUntil: Date | null; subject: string; address: string; now: Date },
): Promise<LoginAttemptResponse> {
  const wholeAccount = accountLocked(accountLockedUntil, now);
  if (wholeAccount) {
    throw new AccountLockedError({ retryAfterSeconds: wholeAccount.retryAfterSeconds });
  }
  const attempt = await auth.claimLoginAttempt({
    subject,
    address,
    now,
    lockUntil: new Date(now.getTime() + LOCKOUT_MS),
    maxAttempts: MAX_FAILED_LOGINS,
  });
  const locked = lockedOut(attempt, now);
  if (locked) throw new AccountLockedError({ retryAfterSeconds: locked.retryAfterSeconds });
  return attempt;
}

/**
 * After a wrong password or code: counts it account-wide (a known account's, or an unknown
 * login's stand-in `subject` alike), from any address. Throws the lock that now holds, if
 * any: the pair's (this attempt used its last try) before the account's.
 *
 * @throws {AccountLockedError} when this failure leaves the pair or the account locked.
 */
export async function countFailure(
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
): Promise<void> {
  const window = {
    now,
    windowStartedAfter: new Date(now.getTime() - ACCOUNT_FAILURE_WINDOW_MS),
    maxFailures: ACCOUNT_MAX_FAILURES,
    lockUntil: new Date(now.getTime() + LOCKOUT_MS),
  };
  const accountLock =
    'userId' in account
      ? await auth.recordLoginFailure({ userId: account.userId, ...window })
      : await auth.recordUnknownLoginFailure({ subject: account.subject, ...window });
  const lock = accountLocked(attempt.lockedUntil, now) ?? accountLocked(accountLock, now);
  if (lock) throw new AccountLockedError({ retryAfterSeconds: lock.retryAfterSeconds });
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
  const attempt = await openPairAttempt(deps.auth, {
    accountLockedUntil: account.lockedUntil,
    subject: account.id,
    address,
    now,
  });
  const matches = await deps.passwords.verify(password, account.passwordHash);
  const result = loginOutcome(attempt, account.status, matches, now);
  switch (result.outcome) {
    case 'wrong-password':
    case 'locked':
      await countFailure(deps.auth, { account: { userId: account.id }, attempt, now });
      throw new ValidationError({ errors: [{ path, message: 'Not the current password.' }] });
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
