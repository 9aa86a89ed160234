import { and, eq, gt, isNull } from 'drizzle-orm';
import type { Database } from '../../../db/client.ts';
import { guardDriverErrors } from '../../../db/driver-errors.ts';
import { oneTimeTokens, users } from '../../../db/schema.ts';
import {
  existsWhere,
  newPasswordStatements,
  oneTimeTokenStatements,
  oneTimeTokenUsable,
  outboxInsert,
  liveUser,
} from '../../../db/statements.ts';
import type {
  FindOneTimeTokenQuery,
  IssueOneTimeTokenCommand,
  OneTimeTokenResponse,
  ResetPasswordCommand,
  VerifyEmailCommand,
} from '../../../models/dtos/auth/repository/auth.repository.dtos.ts';

/** The Drizzle/libSQL adapter for one-time tokens (password reset, email verification). */
export type OneTimeTokenDbAdapter = ReturnType<typeof createOneTimeTokenDbAdapter>;

/**
 * Spending a token is guarded in SQL: each write of the batch applies only while the token
 * is unused and unexpired, and the last statement uses it, so of two concurrent spends one
 * changes everything and the other nothing.
 *
 * @example
 * const tokensDb = createOneTimeTokenDbAdapter(db);
 */
export function createOneTimeTokenDbAdapter(db: Database) {
  const spend = (tokenId: string, now: Date) =>
    db
      .update(oneTimeTokens)
      .set({ usedAt: now })
      .where(
        and(
          eq(oneTimeTokens.id, tokenId),
          isNull(oneTimeTokens.usedAt),
          gt(oneTimeTokens.expiresAt, now),
        ),
      )
      .returning({ id: oneTimeTokens.id });
  return guardDriverErrors('one-time tokens', {
    async issueOneTimeToken({ token, email, now }: IssueOneTimeTokenCommand): Promise<void> {
      const stillTheAddress = existsWhere(
        users,
        and(eq(users.id, token.userId), eq(users.email, email.to), liveUser),
      );
      await db.batch([
        ...oneTimeTokenStatements(db, token, now, stillTheAddress),
        outboxInsert(db, [email], now, stillTheAddress),
      ]);
    },

    async findOneTimeToken({
      tokenHash,
      purpose,
    }: FindOneTimeTokenQuery): Promise<OneTimeTokenResponse | undefined> {
      const [row] = await db
        .select({
          id: oneTimeTokens.id,
          userId: oneTimeTokens.userId,
          expiresAt: oneTimeTokens.expiresAt,
          usedAt: oneTimeTokens.usedAt,
        })
        .from(oneTimeTokens)
        .where(and(eq(oneTimeTokens.tokenHash, tokenHash), eq(oneTimeTokens.purpose, purpose)));
      return row;
    },

    async resetPassword({
      tokenId,
      userId,
      passwordHash,
      now,
    }: ResetPasswordCommand): Promise<boolean> {
      const [, , , , , spent] = await db.batch([
        // Every pair count of the user is cleared, not only one address's.
        ...newPasswordStatements(db, {
          userId,
          passwordHash,
          now,
          keepToken: tokenId,
          onlyIf: oneTimeTokenUsable(tokenId, now),
        }),
        spend(tokenId, now),
      ]);
      return spent.length === 1;
    },

    async verifyEmail({ tokenId, userId, now }: VerifyEmailCommand): Promise<boolean> {
      const [, spent] = await db.batch([
        db
          .update(users)
          .set({ emailVerified: true, updatedAt: now })
          .where(and(eq(users.id, userId), liveUser, oneTimeTokenUsable(tokenId, now))),
        spend(tokenId, now),
      ]);
      return spent.length === 1;
    },
  });
}
