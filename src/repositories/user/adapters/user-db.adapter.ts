import { and, asc, count, desc, eq, gte, isNull, lte, sql, type SQL } from 'drizzle-orm';
import type { Database } from '../../../db/client.ts';
import { guardDriverErrors } from '../../../db/driver-errors.ts';
import { users, type UserRow } from '../../../db/schema.ts';
import {
  endSessionsStatements,
  oneTimeTokenStatements,
  outboxInsert,
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
import { UserAlreadyExistsError } from '../../../models/errors/user.errors.ts';
import { violatedUniqueField } from './unique-violation.ts';

/** The Drizzle/libSQL adapter of the user repository: SQL in, `UserResponse` out. */
export type UserDbAdapter = ReturnType<typeof createUserDbAdapter>;

const live = isNull(users.deletedAt);

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
    .where(and(eq(users.id, sql.placeholder('id')), live))
    .prepare();
  return guardDriverErrors(
    'users',
    {
      /** The user, its verification token and its emails: one batch. */
      async insert(command: CreateUserCommand): Promise<UserResponse> {
        const insert = db
          .insert(users)
          .values({
            id: command.id,
            username: command.username,
            email: command.email,
            passwordHash: command.passwordHash,
            role: command.role,
            createdAt: command.now,
            updatedAt: command.now,
          })
          .returning();
        const emails = command.emails ?? [];
        const [[row]] = await db.batch([
          insert,
          ...(command.verification
            ? oneTimeTokenStatements(db, command.verification, command.now)
            : []),
          ...(emails.length > 0 ? [outboxInsert(db, emails, command.now)] : []),
        ]);
        if (!row) throw new Error('insert returned no row');
        return toResponse(row);
      },

      async findById(id: string): Promise<UserResponse | undefined> {
        const [row] = await byId.all({ id });
        return row && toResponse(row);
      },

      /** The page and the total in one batch: one round trip at the edge. */
      async search(query: SearchUsersQuery): Promise<UserPageResponse> {
        const where = and(
          live,
          query.username === undefined
            ? undefined
            : sql`instr(lower(${users.username}), ${query.username.toLowerCase()}) > 0`,
          query.email === undefined ? undefined : sql`lower(${users.email}) = ${query.email}`,
          query.status === undefined ? undefined : eq(users.status, query.status),
          query.createdFrom === undefined ? undefined : gte(users.createdAt, query.createdFrom),
          query.createdTo === undefined ? undefined : lte(users.createdAt, query.createdTo),
        );
        const [rows, totals] = await db.batch([
          db
            .select()
            .from(users)
            .where(where)
            .orderBy(...orderBy[query.sort])
            .limit(query.limit)
            .offset(query.offset),
          db.select({ total: count() }).from(users).where(where),
        ]);
        return { items: rows.map(toResponse), total: totals[0]?.total ?? 0 };
      },

      /** With an email change: the user, the new verification token and its email, one batch. */
      async update(command: UpdateUserCommand): Promise<UserResponse | undefined> {
        const change = command.emailChange;
        const [[row]] = await db.batch([
          db
            .update(users)
            .set({
              ...(command.username === undefined ? {} : { username: command.username }),
              ...(command.email === undefined ? {} : { email: command.email }),
              ...(change ? { emailVerified: false } : {}),
              updatedAt: command.now,
            })
            .where(and(eq(users.id, command.id), live))
            .returning(),
          ...(change
            ? [
                ...oneTimeTokenStatements(db, change.verification, command.now),
                outboxInsert(db, change.emails, command.now),
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
                live,
                command.status === 'active' ? undefined : anotherAdminRemains,
              ),
            )
            .returning(),
          ...(command.status === 'suspended'
            ? endSessionsStatements(db, command.id, command.now, {
                onlyIf: sql`exists (select 1 from users as target where target.id = ${command.id}
                  and target.status = 'suspended')`,
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
              live,
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
            .where(and(eq(users.id, command.id), live, anotherAdminRemains))
            .returning({ id: users.id }),
          // Only if the deletion was written (not refused as the last admin's).
          ...endSessionsStatements(db, command.id, command.now, {
            onlyIf: sql`exists (select 1 from users as target where target.id = ${command.id}
              and target.deleted_at is not null)`,
          }),
        ]);
        return rows.length > 0;
      },
    },
    translate,
  );
}
