import { and, asc, count, desc, eq, gte, isNotNull, lte, sql, type SQL } from 'drizzle-orm';
import type { Database } from '../../../db/client.ts';
import { directBatch } from '../../../db/direct-read.ts';
import { guardDriverErrors } from '../../../db/driver-errors.ts';
import { users, type UserRow } from '../../../db/schema.ts';
import {
  endSessionsStatements,
  existsWhere,
  fieldPlaceholders,
  fieldValues,
  oneTimeTokenStatements,
  retireOneTimeTokens,
  outboxInsert,
  liveUser,
} from '../../../db/statements.ts';
import type {
  ChangeUserRoleCommand,
  ChangeUserStatusCommand,
  CreateUserCommand,
  DeleteUserCommand,
  SearchUsersQuery,
  UpdateUserCommand,
  UserPageResponse,
  UserResponse,
} from '../../../models/dtos/user/repository/user.repository.dtos.ts';
import type { UserSort } from '../../../models/constants/user-search.constants.ts';
import type {
  OutboxEmailCommand,
  StoreOneTimeTokenCommand,
} from '../../../models/dtos/email/repository/email.repository.dtos.ts';
import { UserAlreadyExistsError } from '../../../models/errors/user.errors.ts';
import { violatedUniqueField } from './unique-violation.ts';

const placeholder = sql.placeholder;

/** The fields of the verification token and of an email a registration's batch takes. */
const TOKEN_FIELDS = ['id', 'userId', 'purpose', 'tokenHash', 'expiresAt'] as const;
const EMAIL_FIELDS = ['id', 'to', 'subject', 'text'] as const;

/** The Drizzle/libSQL adapter of the user repository: SQL in, `UserResponse` out. */
export type UserDbAdapter = ReturnType<typeof createUserDbAdapter>;

/**
 * The row is not an active admin, or another active live admin exists: the condition under
 * which suspending, demoting or deleting it keeps an admin. Evaluated in the write's own
 * statement, so two admins demoting each other at once cannot both succeed.
 */
const anotherAdminRemains = sql`(${users.role} <> 'admin' or ${users.status} <> 'active' or exists (
  select 1 from users as other where other.role = 'admin' and other.status = 'active'
    and other.deleted_at is null and other.id <> ${users.id}))`;

function toResponse(row: UserRow): UserResponse {
  return {
    id: row.id,
    username: row.username,
    email: row.email,
    role: row.role,
    status: row.status,
    emailVerified: row.emailVerified,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    lastLoginAt: row.lastLoginAt,
    mfaEnabled: row.mfaEnabled,
  };
}

const orderBy: Readonly<Record<UserSort, SQL[]>> = {
  createdAt: [asc(users.createdAt), asc(users.id)],
  '-createdAt': [desc(users.createdAt), desc(users.id)],
  username: [asc(sql`lower(${users.username})`), asc(users.id)],
  '-username': [desc(sql`lower(${users.username})`), desc(users.id)],
};

/** A term the trigram index can answer: three characters or more. */
const indexable = (term: string) => [...term].length >= 3;

/** `username` contains `term` (lowercased), every character literal (`_` and `%` too). */
const containsScan = (term: string): SQL => sql`instr(lower(${users.username}), ${term}) > 0`;

/** An FTS5 phrase: the term quoted, its quotes doubled, so nothing in it is query syntax. */
const phrase = (term: string) => `"${term.replaceAll('"', '""')}"`;

/**
 * The rows whose username the trigram index (`users_search`, migration 0004_search_fts: the live
 * users' usernames) says contains `term`: it narrows, `containsScan` re-checks.
 */
const inSearchIndex = (term: string): SQL =>
  sql`${users}.rowid in (select rowid from users_search where users_search match ${phrase(term)})`;

/** Usernames are ASCII (USERNAME_PATTERN): for an ASCII term FTS5's case folding is lower()'s. */
// eslint-disable-next-line no-control-regex
const ascii = (term: string) => /^[\x00-\x7f]*$/.test(term);

/** A unique index violation becomes `USER_ALREADY_EXISTS` naming the field. */
function translate(error: unknown): UserAlreadyExistsError | undefined {
  const field = violatedUniqueField(error);
  return field && new UserAlreadyExistsError(field);
}

/**
 * @example
 * const adapter = createUserDbAdapter(db);
 * await adapter.insert({ id, username: 'ada', email: 'ada@example.com', … });
 */
export function createUserDbAdapter(db: Database) {
  // Prepared once: the read behind every cache miss.
  const byId = db
    .select()
    .from(users)
    .where(and(eq(users.id, placeholder('id')), liveUser))
    .prepare();
  // Built once per shape (a verification token or not; how many emails): a registration's
  // statements, filled by `insert`'s values.
  const insertBatches = new Map<string, ReturnType<typeof directBatch>>();
  const insertBatch = (withVerification: boolean, emailCount: number) => {
    const shape = `${withVerification}:${emailCount}`;
    let batch = insertBatches.get(shape);
    if (!batch) {
      const now = placeholder('now');
      batch = directBatch(db, [
        db
          .insert(users)
          .values({
            id: placeholder('id'),
            username: placeholder('username'),
            email: placeholder('email'),
            passwordHash: placeholder('passwordHash'),
            role: placeholder('role'),
            createdAt: now,
            updatedAt: now,
          })
          .returning(),
        ...(withVerification
          ? oneTimeTokenStatements(
              db,
              fieldPlaceholders<StoreOneTimeTokenCommand>('token', TOKEN_FIELDS),
              now,
            )
          : []),
        ...(emailCount > 0
          ? [
              outboxInsert(
                db,
                Array.from({ length: emailCount }, (_, i) =>
                  fieldPlaceholders<OutboxEmailCommand>(`email${i}`, EMAIL_FIELDS),
                ),
                now,
              ),
            ]
          : []),
      ]);
      insertBatches.set(shape, batch);
    }
    return batch;
  };
  return guardDriverErrors(
    'users',
    {
      /** The user, its verification token and its emails: one batch, built once per shape. */
      async insert(command: CreateUserCommand): Promise<UserResponse> {
        const { verification, emails = [] } = command;
        const values: Record<string, unknown> = {
          id: command.id,
          username: command.username,
          email: command.email,
          passwordHash: command.passwordHash,
          role: command.role,
          now: command.now,
          ...(verification ? fieldValues('token', verification) : {}),
        };
        emails.forEach((email, i) => Object.assign(values, fieldValues(`email${i}`, email)));
        const [rows] = await insertBatch(verification !== undefined, emails.length)(values);
        const [row] = rows as UserRow[];
        if (!row) throw new Error('insert returned no row');
        return toResponse(row);
      },

      async findById(id: string): Promise<UserResponse | undefined> {
        const [row] = await byId.all({ id });
        return row && toResponse(row);
      },

      /**
       * The page and the total. A username term of three characters or more goes through
       * the trigram index: the total first (from the index alone when the term is the only
       * filter), then the page by whichever way reads fewer rows: walking the sort's index
       * and re-checking each row (many matches), or the index's matches sorted (few).
       * Shorter terms and searches without one scan, as one batch.
       */
      async search(query: SearchUsersQuery): Promise<UserPageResponse> {
        const term = query.username?.toLowerCase();
        const filters = [
          liveUser,
          query.email === undefined ? undefined : sql`lower(${users.email}) = ${query.email}`,
          query.status === undefined ? undefined : eq(users.status, query.status),
          query.createdFrom === undefined ? undefined : gte(users.createdAt, query.createdFrom),
          query.createdTo === undefined ? undefined : lte(users.createdAt, query.createdTo),
        ];
        const page = (where: SQL | undefined) =>
          db
            .select()
            .from(users)
            .where(where)
            .orderBy(...orderBy[query.sort])
            .limit(query.limit)
            .offset(query.offset);
        if (term === undefined || !indexable(term)) {
          const where = and(...filters, term === undefined ? undefined : containsScan(term));
          const [rows, totals] = await db.batch([
            page(where),
            db.select({ total: count() }).from(users).where(where),
          ]);
          return { items: rows.map(toResponse), total: totals[0]?.total ?? 0 };
        }
        const onlyTerm = filters.every((f) => f === undefined || f === liveUser) && ascii(term);
        const [counted] = onlyTerm
          ? await db.all<{ total: number; span: number | null }>(
              sql`select count(*) as total, (select max(rowid) from ${users}) as span from users_search where users_search match ${phrase(term)}`,
            )
          : await db.all<{ total: number; span: number | null }>(
              sql`select count(*) as total, (select max(rowid) from ${users}) as span from ${users} where ${and(...filters, inSearchIndex(term), containsScan(term))}`,
            );
        const total = counted?.total ?? 0;
        if (total === 0 || query.offset >= total) return { items: [], total };
        // Walking the sort's index reads about (offset + limit) × rows ÷ matches rows; the
        // index's matches, sorted, about `total`.
        const walk = (query.offset + query.limit) * (counted?.span ?? 0) < total * total;
        const rows = await page(
          and(...filters, walk ? undefined : inSearchIndex(term), containsScan(term)),
        );
        return { items: rows.map(toResponse), total };
      },

      /**
       * With an email change: the user, the new verification token and its email, one batch;
       * a password-reset link sent to the old address stops working.
       */
      async update(command: UpdateUserCommand): Promise<UserResponse | undefined> {
        const change = command.emailChange;
        const target = and(eq(users.id, command.id), liveUser);
        const stillLive = existsWhere(users, target);
        const [[row]] = await db.batch([
          db
            .update(users)
            .set({
              ...(command.username === undefined ? {} : { username: command.username }),
              ...(command.email === undefined ? {} : { email: command.email }),
              ...(change ? { emailVerified: false } : {}),
              updatedAt: command.now,
            })
            .where(target)
            .returning(),
          // The token and the emails only if the change was written (the user still lives).
          ...(change
            ? [
                ...oneTimeTokenStatements(db, change.verification, command.now, stillLive),
                retireOneTimeTokens(
                  db,
                  { userId: command.id, purpose: 'password-reset' },
                  command.now,
                  stillLive,
                ),
                outboxInsert(db, change.emails, command.now, stillLive),
              ]
            : []),
        ]);
        return row && toResponse(row);
      },

      /** A suspension ends every session of the user in the same batch. */
      async changeStatus(command: ChangeUserStatusCommand): Promise<UserResponse | undefined> {
        // The sessions end only if the suspension was written (not refused as the last admin's).
        const [[row]] = await db.batch([
          db
            .update(users)
            .set({ status: command.status, updatedAt: command.now })
            .where(
              and(
                eq(users.id, command.id),
                liveUser,
                command.status === 'active' ? undefined : anotherAdminRemains,
              ),
            )
            .returning(),
          ...(command.status === 'suspended'
            ? endSessionsStatements(db, command.id, command.now, {
                onlyIf: existsWhere(
                  users,
                  and(eq(users.id, command.id), eq(users.status, 'suspended')),
                ),
              })
            : []),
        ]);
        return row && toResponse(row);
      },

      async changeRole(command: ChangeUserRoleCommand): Promise<UserResponse | undefined> {
        const [row] = await db
          .update(users)
          .set({ role: command.role, updatedAt: command.now })
          .where(
            and(
              eq(users.id, command.id),
              liveUser,
              command.role === 'admin' ? undefined : anotherAdminRemains,
            ),
          )
          .returning();
        return row && toResponse(row);
      },

      /** Soft delete and the end of the user's sessions (and refresh tokens), as one batch. */
      async softDelete(command: DeleteUserCommand): Promise<boolean> {
        const [rows] = await db.batch([
          db
            .update(users)
            .set({ deletedAt: command.now, updatedAt: command.now })
            .where(and(eq(users.id, command.id), liveUser, anotherAdminRemains))
            .returning({ id: users.id }),
          // Only if the deletion was written (not refused as the last admin's).
          ...endSessionsStatements(db, command.id, command.now, {
            onlyIf: existsWhere(users, and(eq(users.id, command.id), isNotNull(users.deletedAt))),
          }),
        ]);
        return rows.length > 0;
      },
    },
    translate,
  );
}
