import { sql } from 'drizzle-orm';
import {
  check,
  index,
  integer,
  primaryKey,
  sqliteTable,
  text,
  uniqueIndex,
} from 'drizzle-orm/sqlite-core';

/**
 * Users. Soft-deleted rows keep their data but leave the partial unique indexes, so a
 * deleted user's username and email can be registered again. Uniqueness is decided here,
 * by the database, never by a read before the write.
 */
export const users = sqliteTable(
  'users',
  {
    id: text('id').primaryKey(),
    username: text('username').notNull(),
    email: text('email').notNull(),
    passwordHash: text('password_hash').notNull(),
    role: text('role', { enum: ['user', 'admin'] })
      .notNull()
      .default('user'),
    status: text('status', { enum: ['active', 'suspended'] })
      .notNull()
      .default('active'),
    /** Account-wide: failures from any address since `failedLoginWindowAt` (see login_attempts). */
    failedLoginCount: integer('failed_login_count').notNull().default(0),
    failedLoginWindowAt: integer('failed_login_window_at', { mode: 'timestamp_ms' }),
    /** Account-wide lock: set when the failures of one window reach the account limit. */
    lockedUntil: integer('locked_until', { mode: 'timestamp_ms' }),
    /** A confirmed second factor (user_totp) is required at log-in. */
    mfaEnabled: integer('mfa_enabled', { mode: 'boolean' }).notNull().default(false),
    lastLoginAt: integer('last_login_at', { mode: 'timestamp_ms' }),
    emailVerified: integer('email_verified', { mode: 'boolean' }).notNull().default(false),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
    updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
    deletedAt: integer('deleted_at', { mode: 'timestamp_ms' }),
  },
  (t) => [
    uniqueIndex('users_username_live_uq')
      .on(sql`lower(${t.username})`)
      .where(sql`${t.deletedAt} is null`),
    uniqueIndex('users_email_live_uq')
      .on(sql`lower(${t.email})`)
      .where(sql`${t.deletedAt} is null`),
    index('users_created_at_idx').on(t.createdAt, t.id),
    check('users_role_ck', sql`${t.role} in ('user', 'admin')`),
    check('users_status_ck', sql`${t.status} in ('active', 'suspended')`),
    check('users_failed_login_count_ck', sql`${t.failedLoginCount} >= 0`),
  ],
);

export type UserRow = typeof users.$inferSelect;
export type NewUserRow = typeof users.$inferInsert;

/**
 * Refresh tokens, stored only as SHA-256 hashes. Each log-in starts a family; each use
 * retires its token (`used_at`) and adds the next one to the family. Presenting a retired
 * token revokes the whole family (`revoked_at`): a stolen token used twice ends the session.
 */
export const refreshTokens = sqliteTable(
  'refresh_tokens',
  {
    id: text('id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    familyId: text('family_id').notNull(),
    tokenHash: text('token_hash').notNull(),
    expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
    usedAt: integer('used_at', { mode: 'timestamp_ms' }),
    revokedAt: integer('revoked_at', { mode: 'timestamp_ms' }),
  },
  (t) => [
    uniqueIndex('refresh_tokens_hash_uq').on(t.tokenHash),
    index('refresh_tokens_family_idx').on(t.familyId),
    index('refresh_tokens_user_idx').on(t.userId),
  ],
);

/**
 * Log-in attempts per (subject, client address): the five-strike lock a stranger can only
 * aim at themself. `subject` is the user's id, or a stand-in derived from an unknown login,
 * so an unknown login locks exactly like a real one and a 423 reveals nothing.
 */
export const loginAttempts = sqliteTable(
  'login_attempts',
  {
    subject: text('subject').notNull(),
    address: text('address').notNull(),
    attempts: integer('attempts').notNull(),
    lockedUntil: integer('locked_until', { mode: 'timestamp_ms' }),
    /** The last attempt counted: a count untouched for a week is forgotten (pruned). */
    attemptedAt: integer('attempted_at', { mode: 'timestamp_ms' })
      .notNull()
      .default(sql`0`),
  },
  (t) => [
    primaryKey({ columns: [t.subject, t.address] }),
    // The hourly prune reads by age; without it, a full scan under the write lock.
    index('login_attempts_attempted_idx').on(t.attemptedAt),
  ],
);

/**
 * A user's TOTP second factor: the secret encrypted (AES-GCM, `MFA_ENCRYPTION_KEY`), pending
 * until confirmed with a code, and the last time step a code was accepted (no replay).
 */
export const userTotp = sqliteTable('user_totp', {
  userId: text('user_id')
    .primaryKey()
    .references(() => users.id),
  secret: text('secret').notNull(),
  confirmedAt: integer('confirmed_at', { mode: 'timestamp_ms' }),
  lastStep: integer('last_step'),
  createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
});

/** Single-use recovery codes, stored only as SHA-256 hashes. */
export const recoveryCodes = sqliteTable(
  'recovery_codes',
  {
    id: text('id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    codeHash: text('code_hash').notNull(),
    usedAt: integer('used_at', { mode: 'timestamp_ms' }),
  },
  (t) => [uniqueIndex('recovery_codes_user_hash_uq').on(t.userId, t.codeHash)],
);

/**
 * Sessions: one per log-in, the refresh-token family it started (`refresh_tokens.family_id`
 * is the session id). Access tokens carry the id as `sid`; authentication reads the user
 * and the live session in one indexed join, so ending a session stops its access tokens at
 * once. `expires_at` follows the family's newest refresh token.
 */
export const sessions = sqliteTable(
  'sessions',
  {
    id: text('id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
    lastUsedAt: integer('last_used_at', { mode: 'timestamp_ms' }).notNull(),
    expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
    userAgent: text('user_agent'),
    endedAt: integer('ended_at', { mode: 'timestamp_ms' }),
  },
  (t) => [index('sessions_user_idx').on(t.userId, t.createdAt)],
);

/**
 * One-time tokens (password reset, email verification): stored only as SHA-256 hashes,
 * single use (`used_at`), expiring; issuing a new one retires the user's older ones of the
 * same purpose.
 */
export const oneTimeTokens = sqliteTable(
  'one_time_tokens',
  {
    id: text('id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    purpose: text('purpose', { enum: ['password-reset', 'email-verification'] }).notNull(),
    tokenHash: text('token_hash').notNull(),
    expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
    usedAt: integer('used_at', { mode: 'timestamp_ms' }),
  },
  (t) => [
    uniqueIndex('one_time_tokens_hash_uq').on(t.tokenHash),
    index('one_time_tokens_user_idx').on(t.userId, t.purpose),
    check(
      'one_time_tokens_purpose_ck',
      sql`${t.purpose} in ('password-reset', 'email-verification')`,
    ),
  ],
);

/**
 * The email outbox: each email is a row written in the same batch as the change that causes
 * it, sent after commit by the dispatcher (at least once). `next_attempt_at` is when it may
 * be tried next (a claim pushes it forward, so two dispatchers do not send it at once);
 * `sent_at` or `failed_at` (gave up) end it.
 */
export const emailOutbox = sqliteTable(
  'email_outbox',
  {
    id: text('id').primaryKey(),
    toAddress: text('to_address').notNull(),
    subject: text('subject').notNull(),
    bodyText: text('body_text').notNull(),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: integer('next_attempt_at', { mode: 'timestamp_ms' }).notNull(),
    sentAt: integer('sent_at', { mode: 'timestamp_ms' }),
    failedAt: integer('failed_at', { mode: 'timestamp_ms' }),
    lastError: text('last_error'),
  },
  (t) => [
    index('email_outbox_due_idx')
      .on(t.nextAttemptAt)
      .where(sql`${t.sentAt} is null and ${t.failedAt} is null`),
    // The hourly prune of settled mail reads by these; a month of mail is kept.
    index('email_outbox_sent_idx')
      .on(t.sentAt)
      .where(sql`${t.sentAt} is not null`),
    index('email_outbox_failed_idx')
      .on(t.failedAt)
      .where(sql`${t.failedAt} is not null`),
  ],
);
