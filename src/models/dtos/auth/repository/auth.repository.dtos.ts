import type { UserRole, UserStatus } from '../../../entities/user.ts';
import type {
  OneTimeTokenPurpose,
  OutboxEmailCommand,
  StoreOneTimeTokenCommand,
} from '../../email/repository/email.repository.dtos.ts';

/* Internal DTOs between the authentication logic and its repository. */

/** Look a live user up by username (case-insensitive) or by normalised email. */
export type FindCredentialsQuery =
  { readonly username: string } | { readonly email: string } | { readonly id: string };

/** The user of an access token, and the session it names: both must be live. */
export interface FindPrincipalQuery {
  readonly userId: string;
  readonly sessionId: string;
  readonly now: Date;
}

/** What authorization needs to know of a live user, as the database says now. */
export interface PrincipalResponse {
  readonly id: string;
  readonly role: UserRole;
  readonly status: UserStatus;
}

/** What log-in needs to know of a live user. */
export interface UserCredentialsResponse {
  readonly id: string;
  readonly username: string;
  readonly email: string;
  readonly role: UserRole;
  readonly status: UserStatus;
  readonly passwordHash: string;
  /** The account-wide lock (failures from any mix of addresses), if one was ever set. */
  readonly lockedUntil: Date | null;
  readonly mfaEnabled: boolean;
}

export interface ClaimLoginAttemptCommand {
  /** The account's id, or a stand-in for an unknown login (it locks alike). */
  readonly subject: string;
  /** The client address: the lock is per (subject, address). */
  readonly address: string;
  readonly now: Date;
  /** The lock to set if this attempt reaches the limit. */
  readonly lockUntil: Date;
  readonly maxAttempts: number;
}

export interface ResetLoginAttemptsCommand {
  readonly subject: string;
  readonly address: string;
}

/** Forgets the counts last attempted before `before`, but never one whose lock holds at `now`. */
export interface PruneLoginAttemptsCommand {
  readonly before: Date;
  readonly now: Date;
}

/** One failure of an account-wide count: its time, the window and the lock it may set. */
export interface AccountFailureWindow {
  readonly now: Date;
  /** A window that started before this is over: the count starts again at 1. */
  readonly windowStartedAfter: Date;
  readonly maxFailures: number;
  /** The lock to set if this failure reaches `maxFailures`. */
  readonly lockUntil: Date;
}

/** A wrong password (or code), counted against the account whatever the address. */
export interface RecordLoginFailureCommand extends AccountFailureWindow {
  readonly userId: string;
}

/**
 * A wrong password for a login that names no account, counted as `RecordLoginFailureCommand`
 * counts a real account's: the stand-in `subject` locks after as many failures in a window.
 */
export interface RecordUnknownLoginFailureCommand extends AccountFailureWindow {
  readonly subject: string;
}

/** The attempt number this log-in holds, counted atomically, and the lock after counting. */
export interface LoginAttemptResponse {
  readonly attempt: number;
  readonly lockedUntil: Date | null;
}

export interface StoreRefreshTokenCommand {
  readonly id: string;
  readonly userId: string;
  readonly familyId: string;
  readonly tokenHash: string;
  readonly expiresAt: Date;
}

/** A new session: its id is the family id of its refresh tokens. */
export interface StartSessionCommand {
  readonly id: string;
  readonly userAgent: string | null;
}

/**
 * The second-factor code a log-in spends, checked but not yet spent: the TOTP step it is
 * valid at (spent by becoming the user's last accepted step), or a recovery code's hash.
 */
export type SecondFactorSpend =
  | { readonly kind: 'totp'; readonly step: number }
  | { readonly kind: 'recovery'; readonly codeHash: string };

export interface CompleteLoginCommand {
  readonly userId: string;
  /** The client address whose attempt count the log-in clears. */
  readonly address: string;
  readonly now: Date;
  readonly session: StartSessionCommand;
  readonly refreshToken: StoreRefreshTokenCommand;
  /** For a user with a second factor: the code, spent in the same batch as the session. */
  readonly secondFactor?: SecondFactorSpend | undefined;
}

/** A stored hash made with older parameters, replaced only if it is still the stored one. */
export interface UpgradePasswordHashCommand {
  readonly userId: string;
  readonly expected: string;
  readonly passwordHash: string;
}

/** A session as its user sees it: live ones only. */
export interface SessionSummaryResponse {
  readonly id: string;
  readonly createdAt: Date;
  readonly lastUsedAt: Date;
  readonly expiresAt: Date;
  readonly userAgent: string | null;
}

export interface ListSessionsQuery {
  readonly userId: string;
  readonly now: Date;
}

export interface EndSessionCommand {
  readonly userId: string;
  readonly sessionId: string;
  readonly now: Date;
}

export interface EndAllSessionsCommand {
  readonly userId: string;
  readonly now: Date;
}

/**
 * In one batch: the new password hash, the account-wide failed-log-in count and lock and the
 * (user, address) count cleared, every session of the user ended, and a new session started
 * with its first refresh token.
 */
export interface ChangePasswordCommand {
  readonly userId: string;
  readonly passwordHash: string;
  /** The client address whose attempt count the change clears. */
  readonly address: string;
  readonly now: Date;
  readonly session: StartSessionCommand;
  readonly refreshToken: StoreRefreshTokenCommand;
}

/** In one batch: the new password hash, every failed-log-in count and lock of the user (account-wide and per address) cleared, every session ended. */
export interface SetPasswordCommand {
  readonly userId: string;
  readonly passwordHash: string;
  readonly now: Date;
}

/**
 * Stores the token (older ones of its purpose retired) and queues its email, in one batch,
 * only while the user lives and `email.to` is still the user's address: a change committed
 * since the address was read leaves no link going to the old one.
 */
export interface IssueOneTimeTokenCommand {
  readonly token: StoreOneTimeTokenCommand;
  readonly email: OutboxEmailCommand;
  readonly now: Date;
}

export interface FindOneTimeTokenQuery {
  readonly tokenHash: string;
  readonly purpose: OneTimeTokenPurpose;
}

export interface OneTimeTokenResponse {
  readonly id: string;
  readonly userId: string;
  readonly expiresAt: Date;
  readonly usedAt: Date | null;
}

/**
 * In one batch, only while the token is unused and unexpired: use it, set the new password
 * hash, clear the failed-log-in counts and locks (account-wide and every address's), end
 * every session.
 */
export interface ResetPasswordCommand {
  readonly tokenId: string;
  readonly userId: string;
  readonly passwordHash: string;
  readonly now: Date;
}

/** In one batch, only while the token is unused and unexpired: use it, mark the email verified. */
export interface VerifyEmailCommand {
  readonly tokenId: string;
  readonly userId: string;
  readonly now: Date;
}

export interface RefreshTokenResponse {
  readonly id: string;
  readonly userId: string;
  readonly familyId: string;
  readonly expiresAt: Date;
  readonly usedAt: Date | null;
  readonly revokedAt: Date | null;
}

export interface RotateRefreshTokenCommand {
  readonly retiredId: string;
  readonly next: StoreRefreshTokenCommand;
  readonly now: Date;
}

export interface RevokeFamilyCommand {
  readonly familyId: string;
  readonly now: Date;
}
