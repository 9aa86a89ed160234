import type { UserRole, UserStatus } from '../../../entities/user.ts';

/* Internal DTOs between the authentication logic and its repository. */

/** Look a live user up by username (case-insensitive) or by normalised email. */
export type FindCredentialsQuery = { readonly username: string } | { readonly email: string };

/** What authorization needs to know of a live user, as the database says now. */
export interface PrincipalResponse {
  readonly id: string;
  readonly role: UserRole;
  readonly status: UserStatus;
}

/** What log-in needs to know of a live user. */
export interface UserCredentialsResponse {
  readonly id: string;
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

/** A wrong password (or code), counted against the account whatever the address. */
export interface RecordLoginFailureCommand {
  readonly userId: string;
  readonly now: Date;
  /** A window that started before this is over: the count starts again at 1. */
  readonly windowStartedAfter: Date;
  readonly maxFailures: number;
  /** The lock to set if this failure reaches `maxFailures`. */
  readonly lockUntil: Date;
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

export interface CompleteLoginCommand {
  readonly userId: string;
  /** The client address whose attempt count the log-in clears. */
  readonly address: string;
  readonly now: Date;
  readonly refreshToken: StoreRefreshTokenCommand;
}

/** A stored hash made with older parameters, replaced only if it is still the stored one. */
export interface UpgradePasswordHashCommand {
  readonly userId: string;
  readonly expected: string;
  readonly passwordHash: string;
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
