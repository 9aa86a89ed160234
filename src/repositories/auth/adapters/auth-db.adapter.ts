import {
  and,
  eq,
  isNotNull,
  isNull,
  lt,
  lte,
  or,
  sql,
  type AnyColumn,
  type SQL,
} from 'drizzle-orm';
import type { Database } from '../../../db/client.ts';
import { directBatch, directRead } from '../../../db/direct-read.ts';
import type { RememberReads, VersionedMemo } from '../../../db/remember-reads.port.ts';
import { guardDriverErrors } from '../../../db/driver-errors.ts';
import {
  loginAttempts,
  recoveryCodes,
  refreshTokens,
  sessions,
  users,
  userTotp,
} from '../../../db/schema.ts';
import {
  existsWhere,
  fieldPlaceholders,
  fieldValues,
  liveUser,
  sessionStarted,
  startSessionStatements,
  timeParam,
} from '../../../db/statements.ts';
import type {
  AccountFailureWindow,
  ClaimLoginAttemptCommand,
  PruneLoginAttemptsCommand,
  RecordLoginFailureCommand,
  RecordUnknownLoginFailureCommand,
  ResetLoginAttemptsCommand,
  UpgradePasswordHashCommand,
  CompleteLoginCommand,
  FindCredentialsQuery,
  FindPrincipalQuery,
  LoginAttemptResponse,
  PrincipalResponse,
  RefreshTokenResponse,
  RevokeFamilyCommand,
  RotateRefreshTokenCommand,
  SecondFactorSpend,
  StartSessionCommand,
  StoreRefreshTokenCommand,
  UserCredentialsResponse,
} from '../../../models/dtos/auth/repository/auth.repository.dtos.ts';

const placeholder = sql.placeholder;

/**
 * A log-in's second-factor code as SQL, its values placeholders (`step` or `codeHash`; `userId`,
 * `now`): the condition that it is still unspent (checked before the session is inserted),
 * and the update that spends it (run after, in the same batch: nothing runs between the two).
 */
function spendStatements(db: Database, kind: SecondFactorSpend['kind']) {
  const userId = placeholder('userId');
  if (kind === 'totp') {
    const step = placeholder('step');
    const unspent = and(
      eq(userTotp.userId, userId),
      isNotNull(userTotp.confirmedAt),
      or(isNull(userTotp.lastStep), lt(userTotp.lastStep, step)),
    );
    return {
      unspent: existsWhere(userTotp, unspent),
      spend: db
        .update(userTotp)
        .set({ lastStep: sql`${step}` })
        .where(unspent),
    };
  }
  const unspent = and(
    eq(recoveryCodes.userId, userId),
    eq(recoveryCodes.codeHash, placeholder('codeHash')),
    isNull(recoveryCodes.usedAt),
  );
  return {
    unspent: existsWhere(recoveryCodes, unspent),
    spend: db
      .update(recoveryCodes)
      .set({ usedAt: timeParam(placeholder('now')) })
      .where(unspent),
  };
}

/**
 * A log-in's batch, built once for each kind of second factor (none, a TOTP step, a recovery
 * code): the session and its first refresh token (only while the code is unspent), the code
 * spent, the pair's attempt count cleared and the log-in time stamped (both only if the
 * session started).
 */
function completeLoginBatch(db: Database, kind: SecondFactorSpend['kind'] | 'none') {
  const userId = placeholder('userId');
  const now = placeholder('now');
  const code = kind === 'none' ? undefined : spendStatements(db, kind);
  const session = fieldPlaceholders<StartSessionCommand>('session', ['id', 'userAgent']);
  const started = sessionStarted(session.id);
  return directBatch(db, [
    ...startSessionStatements(
      db,
      userId,
      now,
      session,
      fieldPlaceholders<StoreRefreshTokenCommand>('refresh', [
        'id',
        'userId',
        'familyId',
        'tokenHash',
        'expiresAt',
      ]),
      code?.unspent,
    ),
    ...(code ? [code.spend] : []),
    db
      .delete(loginAttempts)
      .where(
        and(
          eq(loginAttempts.subject, userId),
          eq(loginAttempts.address, placeholder('address')),
          started,
        ),
      ),
    db
      .update(users)
      .set({ lastLoginAt: timeParam(now) })
      .where(and(eq(users.id, userId), started)),
  ]);
}

/**
 * The (subject, address) pair's attempt, counted: an upsert, its values placeholders. SQLite
 * evaluates every right-hand side against the row as it was, so the count and the lock move
 * in one atomic step.
 */
function claimAttemptStatement(db: Database) {
  const now = placeholder('now');
  const at = timeParam(now);
  const lockUntil = timeParam(placeholder('lockUntil'));
  const maxAttempts = placeholder('maxAttempts');
  const lockExpired = sql`(${loginAttempts.lockedUntil} is not null and ${loginAttempts.lockedUntil} <= ${at})`;
  const attempt = sql`case when ${lockExpired} then 1 else ${loginAttempts.attempts} + 1 end`;
  return db
    .insert(loginAttempts)
    .values({
      subject: placeholder('subject'),
      address: placeholder('address'),
      attempts: 1,
      lockedUntil: sql`case when ${maxAttempts} <= 1 then ${lockUntil} end`,
      attemptedAt: now,
    })
    .onConflictDoUpdate({
      target: [loginAttempts.subject, loginAttempts.address],
      set: {
        attemptedAt: at,
        attempts: attempt,
        lockedUntil: sql`case
          when ${loginAttempts.lockedUntil} is not null and ${loginAttempts.lockedUntil} > ${at} then ${loginAttempts.lockedUntil}
          when ${attempt} >= ${maxAttempts} then ${lockUntil}
          else null end`,
      },
    })
    .returning({ attempt: loginAttempts.attempts, lockedUntil: loginAttempts.lockedUntil })
    .prepare();
}

/**
 * One more failure of an account-wide count, in one atomic step (SQLite evaluates every
 * right-hand side against the row as it was): the window restarts once it is over, the lock
 * is set when a window's failures reach the limit, and a lock that holds is kept. The same
 * rule for an account's columns in users and an unknown login's row in login_attempts.
 */
function oneMoreFailure(
  columns: { count: AnyColumn; windowAt: AnyColumn; lockedUntil: AnyColumn },
  { now, windowStartedAfter, maxFailures, lockUntil }: AccountFailureWindow,
) {
  const { count, windowAt, lockedUntil } = columns;
  const windowOver = sql`(${windowAt} is null or ${windowAt} <= ${windowStartedAfter.getTime()})`;
  const failures = sql`case when ${windowOver} then 1 else ${count} + 1 end`;
  return {
    count: failures,
    windowAt: sql`case when ${windowOver} then ${now.getTime()} else ${windowAt} end`,
    lockedUntil: sql`case
      when ${lockedUntil} is not null and ${lockedUntil} > ${now.getTime()} then ${lockedUntil}
      when ${failures} >= ${maxFailures} then ${lockUntil.getTime()}
      else ${lockedUntil} end`,
  };
}

/**
 * The address of an unknown login's account-wide count in login_attempts: no client address
 * is ever this. The row's `attempts` are the window's failures, its `attempted_at` the
 * window's start.
 */
const EVERY_ADDRESS = '*';

/** How many callers' principals `findPrincipal` remembers at most (a few hundred bytes each). */
const PRINCIPALS_REMEMBERED = 1_000;

/** The Drizzle/libSQL adapter of the authentication repository. */
export type AuthDbAdapter = ReturnType<typeof createAuthDbAdapter>;

/**
 * With `remember` (the Node composition root's `versionedMemo` over the embedded file), the
 * principal read is remembered while no write has committed since; without it (the Worker,
 * tests of the plain adapter), every request reads it.
 *
 * @example
 * const auth = createAuthDbAdapter(db, { remember: rememberReadsOf(db.$client) });
 */
export function createAuthDbAdapter(
  db: Database,
  { remember }: { remember?: RememberReads | undefined } = {},
) {
  // Built once and run directly: it runs on every authenticated request. One read by two
  // primary keys: the user as it is now, only while the token's session has not ended (its
  // expiry is compared here, so the row does not depend on the time and can be remembered).
  const principalById = directRead(
    db,
    db
      .select({
        id: users.id,
        role: users.role,
        status: users.status,
        sessionExpiresAt: sessions.expiresAt,
      })
      .from(users)
      .innerJoin(
        sessions,
        and(
          eq(sessions.id, placeholder('sid')),
          eq(sessions.userId, users.id),
          isNull(sessions.endedAt),
        ),
      )
      .where(and(eq(users.id, placeholder('id')), liveUser)),
  );
  // Remembered only while no write has committed since (`versionedMemo`): a suspension, a
  // role change or a log-out, from this process or another, is seen on the very next request.
  const principalMemo: VersionedMemo<readonly unknown[] | undefined> = remember
    ? remember(PRINCIPALS_REMEMBERED)
    : (_key, load) => load();
  // A log-in's statements, built once: the credentials by each kind of login, the pair's
  // attempt, and the batch that completes it.
  const credentialsWhere = (match: SQL) =>
    db
      .select({
        id: users.id,
        username: users.username,
        email: users.email,
        role: users.role,
        status: users.status,
        passwordHash: users.passwordHash,
        lockedUntil: users.lockedUntil,
        mfaEnabled: users.mfaEnabled,
      })
      .from(users)
      .where(and(match, liveUser))
      .prepare();
  const credentialsBy = {
    username: credentialsWhere(sql`lower(${users.username}) = ${placeholder('login')}`),
    email: credentialsWhere(sql`lower(${users.email}) = ${placeholder('login')}`),
    id: credentialsWhere(eq(users.id, placeholder('login'))),
  };
  const claimAttempt = claimAttemptStatement(db);
  const completeLoginBy = {
    none: completeLoginBatch(db, 'none'),
    totp: completeLoginBatch(db, 'totp'),
    recovery: completeLoginBatch(db, 'recovery'),
  };
  return guardDriverErrors('auth', {
    async findPrincipal({
      userId,
      sessionId,
      now,
    }: FindPrincipalQuery): Promise<PrincipalResponse | undefined> {
      const row = await principalMemo(`${userId} ${sessionId}`, () =>
        principalById({ id: userId, sid: sessionId }),
      );
      if (row === undefined || (row[3] as number) <= now.getTime()) return undefined;
      return {
        id: row[0] as string,
        role: row[1] as PrincipalResponse['role'],
        status: row[2] as PrincipalResponse['status'],
      };
    },

    async findCredentials(
      query: FindCredentialsQuery,
    ): Promise<UserCredentialsResponse | undefined> {
      return 'username' in query
        ? credentialsBy.username.get({ login: query.username.toLowerCase() })
        : 'email' in query
          ? credentialsBy.email.get({ login: query.email })
          : credentialsBy.id.get({ login: query.id });
    },

    async claimLoginAttempt(command: ClaimLoginAttemptCommand): Promise<LoginAttemptResponse> {
      const [row] = await claimAttempt.all({ ...command });
      if (!row) throw new Error('the log-in attempt was not counted');
      return row;
    },

    async pruneLoginAttempts({ before, now }: PruneLoginAttemptsCommand): Promise<number> {
      const result = await db
        .delete(loginAttempts)
        .where(
          and(
            lt(loginAttempts.attemptedAt, before),
            or(isNull(loginAttempts.lockedUntil), lte(loginAttempts.lockedUntil, now)),
          ),
        );
      return result.rowsAffected;
    },

    async resetLoginAttempts({ subject, address }: ResetLoginAttemptsCommand): Promise<void> {
      await db
        .delete(loginAttempts)
        .where(and(eq(loginAttempts.subject, subject), eq(loginAttempts.address, address)));
    },

    async recordLoginFailure({
      userId,
      ...window
    }: RecordLoginFailureCommand): Promise<Date | null> {
      const next = oneMoreFailure(
        {
          count: users.failedLoginCount,
          windowAt: users.failedLoginWindowAt,
          lockedUntil: users.lockedUntil,
        },
        window,
      );
      const [row] = await db
        .update(users)
        .set({
          failedLoginCount: next.count,
          failedLoginWindowAt: next.windowAt,
          lockedUntil: next.lockedUntil,
        })
        .where(eq(users.id, userId))
        .returning({ lockedUntil: users.lockedUntil });
      return row?.lockedUntil ?? null;
    },

    async recordUnknownLoginFailure(
      command: RecordUnknownLoginFailureCommand,
    ): Promise<Date | null> {
      const { subject, now, maxFailures, lockUntil } = command;
      // recordLoginFailure's rule, as one upsert of the stand-in's row.
      const next = oneMoreFailure(
        {
          count: loginAttempts.attempts,
          windowAt: loginAttempts.attemptedAt,
          lockedUntil: loginAttempts.lockedUntil,
        },
        command,
      );
      const [row] = await db
        .insert(loginAttempts)
        .values({
          subject,
          address: EVERY_ADDRESS,
          attempts: 1,
          attemptedAt: now,
          lockedUntil: maxFailures <= 1 ? lockUntil : null,
        })
        .onConflictDoUpdate({
          target: [loginAttempts.subject, loginAttempts.address],
          set: {
            attempts: next.count,
            attemptedAt: next.windowAt,
            lockedUntil: next.lockedUntil,
          },
        })
        .returning({ lockedUntil: loginAttempts.lockedUntil });
      return row?.lockedUntil ?? null;
    },

    async findUnknownLoginLock(subject: string): Promise<Date | null> {
      const [row] = await db
        .select({ lockedUntil: loginAttempts.lockedUntil })
        .from(loginAttempts)
        .where(and(eq(loginAttempts.subject, subject), eq(loginAttempts.address, EVERY_ADDRESS)));
      return row?.lockedUntil ?? null;
    },

    async completeLogin({
      userId,
      address,
      now,
      session,
      refreshToken,
      secondFactor,
    }: CompleteLoginCommand): Promise<boolean> {
      const [inserted] = await completeLoginBy[secondFactor?.kind ?? 'none']({
        userId,
        address,
        now,
        ...fieldValues('session', session),
        ...fieldValues('refresh', refreshToken),
        // A TOTP step's `step`, or a recovery code's `codeHash`.
        ...secondFactor,
      });
      return (inserted as { rowsAffected: number }).rowsAffected === 1;
    },

    async upgradePasswordHash({
      userId,
      expected,
      passwordHash,
    }: UpgradePasswordHashCommand): Promise<void> {
      await db
        .update(users)
        .set({ passwordHash })
        .where(and(eq(users.id, userId), eq(users.passwordHash, expected)));
    },

    async findRefreshToken(tokenHash: string): Promise<RefreshTokenResponse | undefined> {
      const [row] = await db
        .select({
          id: refreshTokens.id,
          userId: refreshTokens.userId,
          familyId: refreshTokens.familyId,
          expiresAt: refreshTokens.expiresAt,
          usedAt: refreshTokens.usedAt,
          revokedAt: refreshTokens.revokedAt,
        })
        .from(refreshTokens)
        .where(eq(refreshTokens.tokenHash, tokenHash));
      return row;
    },

    async rotateRefreshToken({
      retiredId,
      next,
      now,
    }: RotateRefreshTokenCommand): Promise<boolean> {
      // Insert the next token only while the presented one is current, then retire it: one
      // transaction, so two concurrent refreshes with one token cannot both succeed.
      const [inserted] = await db.batch([
        db.run(sql`insert into ${refreshTokens}
          (id, user_id, family_id, token_hash, expires_at, created_at)
          select ${next.id}, ${next.userId}, ${next.familyId}, ${next.tokenHash}, ${next.expiresAt.getTime()}, ${now.getTime()}
          where ${existsWhere(
            refreshTokens,
            and(
              eq(refreshTokens.id, retiredId),
              isNull(refreshTokens.usedAt),
              isNull(refreshTokens.revokedAt),
            ),
          )}`),
        db
          .update(refreshTokens)
          .set({ usedAt: now })
          .where(and(eq(refreshTokens.id, retiredId), isNull(refreshTokens.usedAt))),
        db
          .update(sessions)
          .set({ lastUsedAt: now, expiresAt: next.expiresAt })
          .where(and(eq(sessions.id, next.familyId), isNull(sessions.endedAt))),
      ]);
      return inserted.rowsAffected === 1;
    },

    async revokeFamily({ familyId, now }: RevokeFamilyCommand): Promise<void> {
      await db.batch([
        db
          .update(refreshTokens)
          .set({ revokedAt: now })
          .where(and(eq(refreshTokens.familyId, familyId), isNull(refreshTokens.revokedAt))),
        db
          .update(sessions)
          .set({ endedAt: now })
          .where(and(eq(sessions.id, familyId), isNull(sessions.endedAt))),
      ]);
    },
  });
}
