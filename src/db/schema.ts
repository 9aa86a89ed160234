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
  },
  (t) => [primaryKey({ columns: [t.subject, t.address] })],
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
