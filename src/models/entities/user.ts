/**
 * The user's value types and rules, as pure functions: no I/O, no framework. Logic modules
 * apply them; repositories store what they decide.
 */

import { ValidationError } from '../../kit/errors/catalogue.ts';

export const USER_ROLES = ['user', 'admin'] as const;
export type UserRole = (typeof USER_ROLES)[number];

export const USER_STATUSES = ['active', 'suspended'] as const;
export type UserStatus = (typeof USER_STATUSES)[number];

/** 3–32 of `[A-Za-z0-9._-]`, starting and ending with a letter or digit. */
export const USERNAME_PATTERN = /^[A-Za-z0-9](?:[A-Za-z0-9._-]{1,30})[A-Za-z0-9]$/;
export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 128;

/** Emails are stored trimmed and lower-cased, so equal addresses compare equal. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** What is wrong with a password for this username, in English; empty when it is acceptable. */
export function passwordProblems(password: string, username: string): string[] {
  const problems: string[] = [];
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) {
    problems.push(`Must be at least ${PASSWORD_MIN_LENGTH} characters.`);
  }
  if (length > PASSWORD_MAX_LENGTH) {
    problems.push(`Must be at most ${PASSWORD_MAX_LENGTH} characters.`);
  }
  if (passwordContainsUsername(password, username)) problems.push(PASSWORD_CONTAINS_USERNAME);
  return problems;
}

export const PASSWORD_CONTAINS_USERNAME = 'Must not contain the username.';

/**
 * The one password policy, for registration, change and reset: `passwordProblems`, as a
 * 400 naming the field `path`.
 *
 * @throws {ValidationError} when the password breaks the policy.
 * @example
 * assertPasswordPolicy(input.newPassword, user.username, 'newPassword');
 */
export function assertPasswordPolicy(password: string, username: string, path: string): void {
  const problems = passwordProblems(password, username);
  if (problems.length > 0) {
    throw new ValidationError({ errors: problems.map((message) => ({ path, message })) });
  }
}

/** Whether the password contains the username, ignoring case. */
export function passwordContainsUsername(password: string, username: string): boolean {
  return username !== '' && password.toLowerCase().includes(username.toLowerCase());
}

/** What an admin can do to a user's status. */
export type StatusAction = 'suspend' | 'activate';

const statusAfter: Readonly<Record<StatusAction, UserStatus>> = {
  suspend: 'suspended',
  activate: 'active',
};

/**
 * The status a user has after `action`, and whether anything changed: suspending a
 * suspended user, or activating an active one, is a no-op (the API still answers 200).
 */
export function applyStatusAction(
  user: { readonly status: UserStatus },
  action: StatusAction,
): { status: UserStatus; changed: boolean } {
  const status = statusAfter[action];
  return { status, changed: status !== user.status };
}

/** Consecutive wrong passwords that lock an (account, client address) pair, and for how long. */
export const MAX_FAILED_LOGINS = 5;
export const LOCKOUT_MS = 15 * 60 * 1000;
/** How long a pair's count is kept after its last attempt: "in a row" means within a week. */
export const LOGIN_ATTEMPT_RETENTION_MS = 7 * 24 * 60 * 60 * 1000;

/** Failures from any mix of addresses, within one window, that lock the account itself. */
export const ACCOUNT_MAX_FAILURES = 20;
export const ACCOUNT_FAILURE_WINDOW_MS = 15 * 60 * 1000;

/** A lock (the account-wide one, or a pair's), while it holds: seconds until it runs out. */
export function accountLocked(
  lockedUntil: Date | null,
  now: Date,
): { retryAfterSeconds: number } | undefined {
  // Stryker disable next-line ConditionalExpression: without it `null <= now` is true as well (null compares as 0); the test narrows the type
  if (lockedUntil === null || lockedUntil <= now) return undefined;
  return { retryAfterSeconds: secondsUntil(lockedUntil, now) };
}

const secondsUntil = (until: Date, now: Date) =>
  Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000));

/*
 * The lockout rules read a counted attempt (the repository's `LoginAttemptResponse`): its
 * number in the current run and the lock after counting it.
 */

/**
 * Before the password is checked: an attempt past the limit, while the lock holds, is
 * refused without checking, so a locked account is no password oracle.
 */
export function lockedOut(
  { attempt, lockedUntil }: { readonly attempt: number; readonly lockedUntil: Date | null },
  now: Date,
): { retryAfterSeconds: number } | undefined {
  return attempt <= MAX_FAILED_LOGINS ? undefined : accountLocked(lockedUntil, now);
}

export type LoginOutcome =
  | { readonly outcome: 'granted' }
  | { readonly outcome: 'wrong-password' }
  | { readonly outcome: 'locked'; readonly retryAfterSeconds: number }
  | { readonly outcome: 'disabled' };

/**
 * After the password is checked: a wrong one that used the last allowed attempt (so the
 * count just set the lock) answers locked; a right one lets an active user in and keeps a
 * suspended one out.
 */
export function loginOutcome(
  { lockedUntil }: { readonly lockedUntil: Date | null },
  status: UserStatus,
  passwordMatches: boolean,
  now: Date,
): LoginOutcome {
  if (!passwordMatches) {
    // A lock that holds after counting means this attempt reached the limit: attempts past
    // it never get here (see `lockedOut`).
    const lock = accountLocked(lockedUntil, now);
    return lock ? { outcome: 'locked', ...lock } : { outcome: 'wrong-password' };
  }
  return status === 'suspended' ? { outcome: 'disabled' } : { outcome: 'granted' };
}
