import { and, eq, gt, isNull, ne, sql, type Placeholder, type SQL } from 'drizzle-orm';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { Database } from './client.ts';
import {
  emailOutbox,
  loginAttempts,
  oneTimeTokens,
  refreshTokens,
  sessions,
  users,
} from './schema.ts';
import type {
  StartSessionCommand,
  StoreRefreshTokenCommand,
} from '../models/dtos/auth/repository/auth.repository.dtos.ts';
import type {
  OutboxEmailCommand,
  StoreOneTimeTokenCommand,
} from '../models/dtos/email/repository/email.repository.dtos.ts';

/*
 * Statements more than one adapter puts into its atomic batches: ending sessions, writing
 * to the email outbox, issuing a one-time token. Each returns drizzle statements, never
 * runs them: the caller batches them with the change that causes them. Those a batch built
 * once runs (`directBatch`) take placeholders where they take values.
 */

/** A value, or a placeholder that a batch built once (`directBatch`) fills on each run. */
export type Bound<T> = T | Placeholder;

/** A command whose fields may be placeholders. */
export type BoundFields<T> = { readonly [K in keyof T]: Bound<T[K]> };

/**
 * Placeholders for a command's `fields`, named `<prefix>.<field>`, where a batch built once
 * takes the command; `fieldValues(prefix, command)` fills them on each run.
 *
 * @example
 * const token = fieldPlaceholders<StoreOneTimeTokenCommand>('token', ['id', 'userId', …]);
 * await batch({ ...fieldValues('token', command.token) });
 */
export function fieldPlaceholders<T extends object>(
  prefix: string,
  fields: readonly (keyof T & string)[],
): BoundFields<T> {
  return Object.fromEntries(
    fields.map((field) => [field, sql.placeholder(`${prefix}.${field}`)]),
  ) as BoundFields<T>;
}

/** The values of `fieldPlaceholders(prefix, …)`, from the command. */
export function fieldValues(prefix: string, command: object): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(command).map(([field, value]) => [`${prefix}.${field}`, value]),
  );
}

/**
 * A time as SQL, in the integer milliseconds the schema stores: a `Date`'s, or a placeholder
 * filled with a `Date` (the drivers, libSQL's and ours, pass a `Date` as its milliseconds).
 */
export const timeParam = (time: Bound<Date>): SQL =>
  sql`${time instanceof Date ? time.getTime() : time}`;

/** Users that are not soft-deleted: every read and write of a user holds to it. */
export const liveUser = isNull(users.deletedAt);

/**
 * Whether `table` has a row where `condition` holds, as a condition: what lets a batch's
 * statement follow an earlier one's effect, or a write hold only while a row still is as read.
 */
export const existsWhere = (table: SQLiteTable, condition: SQL | undefined): SQL =>
  sql`exists (select 1 from ${table} where ${condition})`;

/**
 * Ends the user's sessions (all, or the one `which.sessionId` names; only if `which.onlyIf`
 * holds) and revokes their refresh tokens: the access tokens naming them stop at the next
 * request.
 */
export function endSessionsStatements(
  db: Database,
  userId: string,
  now: Date,
  which: { sessionId?: string; onlyIf?: SQL } = {},
) {
  const sessionWhere = and(
    eq(sessions.userId, userId),
    isNull(sessions.endedAt),
    which.sessionId === undefined ? undefined : eq(sessions.id, which.sessionId),
    which.onlyIf,
  );
  const tokenWhere = and(
    eq(refreshTokens.userId, userId),
    isNull(refreshTokens.revokedAt),
    which.sessionId === undefined ? undefined : eq(refreshTokens.familyId, which.sessionId),
    which.onlyIf,
  );
  return [
    db.update(sessions).set({ endedAt: now }).where(sessionWhere).returning({ id: sessions.id }),
    db.update(refreshTokens).set({ revokedAt: now }).where(tokenWhere),
  ] as const;
}

/**
 * Starts a session (log-in, password change): its row, live until its first refresh token
 * expires, and that token, the first of the session's family. With `onlyIf`, only if it
 * holds: the first statement's `rowsAffected` says whether the session started, and
 * `sessionStarted` lets the batch's other statements follow it.
 */
export function startSessionStatements(
  db: Database,
  userId: Bound<string>,
  now: Bound<Date>,
  session: BoundFields<StartSessionCommand>,
  refreshToken: BoundFields<StoreRefreshTokenCommand>,
  onlyIf: SQL = sql`1`,
) {
  return [
    db.run(sql`insert into ${sessions}
      (id, user_id, created_at, last_used_at, expires_at, user_agent)
      select ${session.id}, ${userId}, ${timeParam(now)}, ${timeParam(now)},
        ${timeParam(refreshToken.expiresAt)}, ${session.userAgent}
      where ${onlyIf}`),
    db.run(sql`insert into ${refreshTokens}
      (id, user_id, family_id, token_hash, expires_at, created_at)
      select ${refreshToken.id}, ${refreshToken.userId}, ${refreshToken.familyId},
        ${refreshToken.tokenHash}, ${timeParam(refreshToken.expiresAt)}, ${timeParam(now)}
      where ${sessionStarted(session.id)}`),
  ] as const;
}

/** Whether the batch started the session `id` (`startSessionStatements`), for what follows it. */
export const sessionStarted = (id: Bound<string>) => existsWhere(sessions, eq(sessions.id, id));

/** The account-wide failed-log-in count, its window and its lock, cleared. */
const noFailedLogins = {
  failedLoginCount: 0,
  failedLoginWindowAt: null,
  lockedUntil: null,
} as const;

/**
 * A new password's writes (a change, a reset, the operator's): the hash on the live user, the
 * account's failure count and lock cleared, the pair counts cleared (only `address`'s when
 * given), every session ended, every unused password-reset link retired but `keepToken` (the
 * one a reset spends in the same batch). With `onlyIf`, only if it holds.
 */
export function newPasswordStatements(
  db: Database,
  {
    userId,
    passwordHash,
    now,
    address,
    keepToken,
    onlyIf,
  }: {
    userId: string;
    passwordHash: string;
    now: Date;
    address?: string;
    keepToken?: string;
    onlyIf?: SQL;
  },
) {
  const [ended, revoked] = endSessionsStatements(db, userId, now, onlyIf ? { onlyIf } : {});
  return [
    db
      .update(users)
      .set({ passwordHash, ...noFailedLogins, updatedAt: now })
      .where(and(eq(users.id, userId), liveUser, onlyIf)),
    db
      .delete(loginAttempts)
      .where(
        and(
          eq(loginAttempts.subject, userId),
          address === undefined ? undefined : eq(loginAttempts.address, address),
          onlyIf,
        ),
      ),
    ended,
    revoked,
    retireOneTimeTokens(
      db,
      {
        userId,
        purpose: 'password-reset',
        ...(keepToken === undefined ? {} : { except: keepToken }),
      },
      now,
      onlyIf,
    ),
  ] as const;
}

/** Writes emails to the outbox, due at once; with `onlyIf`, only if it holds. */
export function outboxInsert(
  db: Database,
  emails: readonly BoundFields<OutboxEmailCommand>[],
  now: Bound<Date>,
  onlyIf: SQL = sql`1`,
) {
  const rows = emails.map(
    (email) => sql`select ${email.id}, ${email.to}, ${email.subject}, ${email.text},
      ${timeParam(now)}, ${timeParam(now)} where ${onlyIf}`,
  );
  return db.run(sql`insert into ${emailOutbox}
    (id, to_address, subject, body_text, created_at, next_attempt_at)
    ${sql.join(rows, sql` union all `)}`);
}

/**
 * Retires the user's unused tokens of the purpose, but `except`: their links stop working.
 * With `onlyIf`, only if it holds.
 */
export function retireOneTimeTokens(
  db: Database,
  which: {
    readonly userId: Bound<string>;
    readonly purpose: Bound<StoreOneTimeTokenCommand['purpose']>;
    readonly except?: Bound<string>;
  },
  now: Bound<Date>,
  onlyIf: SQL = sql`1`,
) {
  return db
    .update(oneTimeTokens)
    .set({ usedAt: timeParam(now) })
    .where(
      and(
        eq(oneTimeTokens.userId, which.userId),
        eq(oneTimeTokens.purpose, which.purpose),
        isNull(oneTimeTokens.usedAt),
        which.except === undefined ? undefined : ne(oneTimeTokens.id, which.except),
        onlyIf,
      ),
    );
}

/**
 * Retires the user's unused tokens of the purpose (a newer one supersedes them), then stores
 * this one; with `onlyIf`, only if it holds.
 */
export function oneTimeTokenStatements(
  db: Database,
  token: BoundFields<StoreOneTimeTokenCommand>,
  now: Bound<Date>,
  onlyIf: SQL = sql`1`,
) {
  return [
    retireOneTimeTokens(
      db,
      { userId: token.userId, purpose: token.purpose, except: token.id },
      now,
      onlyIf,
    ),
    db.run(sql`insert into ${oneTimeTokens}
      (id, user_id, purpose, token_hash, expires_at, created_at)
      select ${token.id}, ${token.userId}, ${token.purpose}, ${token.tokenHash},
        ${timeParam(token.expiresAt)}, ${timeParam(now)}
      where ${onlyIf}`),
  ] as const;
}

/** True while the one-time token is unused and unexpired: guards every write that spends it. */
export function oneTimeTokenUsable(tokenId: string, now: Date): SQL {
  return existsWhere(
    oneTimeTokens,
    and(
      eq(oneTimeTokens.id, tokenId),
      isNull(oneTimeTokens.usedAt),
      gt(oneTimeTokens.expiresAt, now),
    ),
  );
}
