/**
 * The User entity and its rules, as pure functions: no I/O, no framework. Logic modules
 * apply them; repositories store what they decide.
 */

export const USER_ROLES = ['user', 'admin'] as const;
export type UserRole = (typeof USER_ROLES)[number];

export const USER_STATUSES = ['active', 'suspended'] as const;
export type UserStatus = (typeof USER_STATUSES)[number];

/** A user that is not deleted: deleted users never leave the repository. */
export interface User {
  readonly id: string;
  readonly username: string;
  readonly email: string;
  readonly role: UserRole;
  readonly status: UserStatus;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  readonly lastLoginAt: Date | null;
}

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
  user: Pick<User, 'status'>,
  action: StatusAction,
): { status: UserStatus; changed: boolean } {
  const status = statusAfter[action];
  return { status, changed: status !== user.status };
}

/** Consecutive wrong passwords that lock an account, and for how long. */
export const MAX_FAILED_LOGINS = 5;
export const LOCKOUT_MS = 15 * 60 * 1000;

/** The part of an account that decides whether it may log in. */
export interface LoginState {
  readonly status: UserStatus;
  readonly lockedUntil: Date | null;
}

export type LoginEligibility =
  | { readonly allowed: true }
  | { readonly allowed: false; readonly reason: 'suspended' }
  | { readonly allowed: false; readonly reason: 'locked'; readonly retryAfterSeconds: number };

/** Who may log in: not a suspended user, nor one whose lock has not run out yet. */
export function loginEligibility(account: LoginState, now: Date): LoginEligibility {
  if (account.lockedUntil !== null && account.lockedUntil.getTime() > now.getTime()) {
    const retryAfterSeconds = Math.ceil((account.lockedUntil.getTime() - now.getTime()) / 1000);
    return { allowed: false, reason: 'locked', retryAfterSeconds };
  }
  if (account.status === 'suspended') return { allowed: false, reason: 'suspended' };
  return { allowed: true };
}
