import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Database } from '../../../db/client.ts';
import { guardDriverErrors } from '../../../db/driver-errors.ts';
import { recoveryCodes, users, userTotp } from '../../../db/schema.ts';
import { existsWhere } from '../../../db/statements.ts';
import type {
  ConfirmTotpCommand,
  RecoveryCodeQuery,
  SavePendingTotpCommand,
  TotpResponse,
} from '../../../models/dtos/mfa/repository/mfa.repository.dtos.ts';

/** The Drizzle/libSQL adapter of the second-factor repository. */
export type MfaDbAdapter = ReturnType<typeof createMfaDbAdapter>;

/**
 * @example
 * const mfa = createMfaDbAdapter(db);
 */
export function createMfaDbAdapter(db: Database) {
  return guardDriverErrors('mfa', {
    async findTotp(userId: string): Promise<TotpResponse | undefined> {
      const [row] = await db
        .select({
          sealedSecret: userTotp.secret,
          confirmedAt: userTotp.confirmedAt,
          lastStep: userTotp.lastStep,
        })
        .from(userTotp)
        .where(eq(userTotp.userId, userId));
      return row;
    },

    async savePendingTotp({ userId, sealedSecret, now }: SavePendingTotpCommand): Promise<boolean> {
      const rows = await db
        .insert(userTotp)
        .values({ userId, secret: sealedSecret, createdAt: now })
        .onConflictDoUpdate({
          target: userTotp.userId,
          set: { secret: sealedSecret, createdAt: now, lastStep: null },
          setWhere: isNull(userTotp.confirmedAt),
        })
        .returning({ userId: userTotp.userId });
      return rows.length === 1;
    },

    async confirmTotp({
      userId,
      step,
      recoveryCodes: codes,
      now,
    }: ConfirmTotpCommand): Promise<boolean> {
      // One transaction, every write conditional on a pending factor, the confirmation last:
      // two confirmations at once cannot both replace the codes.
      const pending = existsWhere(
        userTotp,
        and(eq(userTotp.userId, userId), isNull(userTotp.confirmedAt)),
      );
      const results = await db.batch([
        db.delete(recoveryCodes).where(and(eq(recoveryCodes.userId, userId), pending)),
        ...codes.map((code) =>
          db.run(sql`insert into ${recoveryCodes} (id, user_id, code_hash)
            select ${code.id}, ${userId}, ${code.codeHash} where ${pending}`),
        ),
        db
          .update(users)
          .set({ mfaEnabled: true, updatedAt: now })
          .where(and(eq(users.id, userId), pending)),
        db
          .update(userTotp)
          .set({ confirmedAt: now, lastStep: step })
          .where(and(eq(userTotp.userId, userId), isNull(userTotp.confirmedAt)))
          .returning({ userId: userTotp.userId }),
      ]);
      const confirmed = results.at(-1);
      return Array.isArray(confirmed) && confirmed.length === 1;
    },

    async hasUnusedRecoveryCode({ userId, codeHash }: RecoveryCodeQuery): Promise<boolean> {
      const [row] = await db
        .select({ id: recoveryCodes.id })
        .from(recoveryCodes)
        .where(
          and(
            eq(recoveryCodes.userId, userId),
            eq(recoveryCodes.codeHash, codeHash),
            isNull(recoveryCodes.usedAt),
          ),
        );
      return row !== undefined;
    },

    async removeTotp(userId: string): Promise<boolean> {
      const [removed] = await db.batch([
        db.delete(userTotp).where(eq(userTotp.userId, userId)).returning({ id: userTotp.userId }),
        db.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId)),
        db.update(users).set({ mfaEnabled: false }).where(eq(users.id, userId)),
      ]);
      return removed.length === 1;
    },
  });
}
