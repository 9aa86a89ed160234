/* Internal DTOs of the email outbox: rows written with the change that causes them. */

/** One email to write to the outbox, in the same batch as the change that causes it. */
export interface OutboxEmailCommand {
  readonly id: string;
  readonly to: string;
  readonly subject: string;
  readonly text: string;
}

/** Claim the due emails: push their next attempt to `leaseUntil`, so no other dispatcher sends them meanwhile. */
export interface ClaimDueEmailsCommand {
  readonly now: Date;
  readonly leaseUntil: Date;
  readonly limit: number;
}

export interface OutboxEmailResponse {
  readonly id: string;
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly attempts: number;
  readonly createdAt: Date;
  readonly nextAttemptAt: Date;
  readonly sentAt: Date | null;
  readonly failedAt: Date | null;
  readonly lastError: string | null;
}

/** A failed send: count it, and try again at `nextAttemptAt`, or give up (`failedAt`). */
export interface RecordFailedSendCommand {
  readonly id: string;
  readonly nextAttemptAt: Date;
  readonly failedAt: Date | null;
  readonly error: string;
}

/** A one-time token to store (its hash only), retiring the user's older ones of the purpose. */
export interface StoreOneTimeTokenCommand {
  readonly id: string;
  readonly userId: string;
  readonly purpose: OneTimeTokenPurpose;
  readonly tokenHash: string;
  readonly expiresAt: Date;
}

export type OneTimeTokenPurpose = 'password-reset' | 'email-verification';
