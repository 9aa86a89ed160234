import { and, desc, eq, gt, isNull } from 'drizzle-orm';
import type { Database } from '../../../db/client.ts';
import { guardDriverErrors } from '../../../db/driver-errors.ts';
import { sessions } from '../../../db/schema.ts';
import {
  endSessionsStatements,
  existsWhere,
  newPasswordStatements,
  startSessionStatements,
} from '../../../db/statements.ts';
import type {
  ChangePasswordCommand,
  EndAllSessionsCommand,
  EndSessionCommand,
  ListSessionsQuery,
  SessionSummaryResponse,
  SetPasswordCommand,
} from '../../../models/dtos/auth/repository/auth.repository.dtos.ts';

/** The Drizzle/libSQL adapter for sessions: list, end, and the password change that ends them. */
export type SessionDbAdapter = ReturnType<typeof createSessionDbAdapter>;

/**
 * @example
 * const sessionsDb = createSessionDbAdapter(db);
 */
export function createSessionDbAdapter(db: Database) {
  return guardDriverErrors('sessions', {
    async listSessions({ userId, now }: ListSessionsQuery): Promise<SessionSummaryResponse[]> {
      return db
        .select({
          id: sessions.id,
          createdAt: sessions.createdAt,
          lastUsedAt: sessions.lastUsedAt,
          expiresAt: sessions.expiresAt,
          userAgent: sessions.userAgent,
        })
        .from(sessions)
        .where(
          and(eq(sessions.userId, userId), isNull(sessions.endedAt), gt(sessions.expiresAt, now)),
        )
        .orderBy(desc(sessions.createdAt), desc(sessions.id));
    },

    async endSession({ userId, sessionId, now }: EndSessionCommand): Promise<boolean> {
      // Only a live session: one past its expiry is not listed, so it is not found either.
      const live = existsWhere(
        sessions,
        and(eq(sessions.id, sessionId), gt(sessions.expiresAt, now)),
      );
      const [ended] = await db.batch(
        endSessionsStatements(db, userId, now, { sessionId, onlyIf: live }),
      );
      return ended.length > 0;
    },

    async endAllSessions({ userId, now }: EndAllSessionsCommand): Promise<void> {
      await db.batch(endSessionsStatements(db, userId, now));
    },

    async setPassword({ userId, passwordHash, now }: SetPasswordCommand): Promise<void> {
      await db.batch(newPasswordStatements(db, { userId, passwordHash, now }));
    },

    async changePassword({
      userId,
      passwordHash,
      address,
      now,
      session,
      refreshToken,
    }: ChangePasswordCommand): Promise<void> {
      await db.batch([
        ...newPasswordStatements(db, { userId, passwordHash, now, address }),
        ...startSessionStatements(db, userId, now, session, refreshToken),
      ]);
    },
  });
}
