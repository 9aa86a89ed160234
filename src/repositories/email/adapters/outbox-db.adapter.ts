import { and, asc, eq, inArray, isNull, lt, lte, or, sql } from 'drizzle-orm';
import type { Database } from '../../../db/client.ts';
import { guardDriverErrors } from '../../../db/driver-errors.ts';
import { emailOutbox } from '../../../db/schema.ts';
import type {
  ClaimDueEmailsCommand,
  OutboxEmailResponse,
  RecordFailedSendCommand,
} from '../../../models/dtos/email/repository/email.repository.dtos.ts';
import type { OutboxRepository } from '../outbox.repository.port.ts';

type OutboxRow = typeof emailOutbox.$inferSelect;

function toResponse(row: OutboxRow): OutboxEmailResponse {
  return {
    id: row.id,
    to: row.toAddress,
    subject: row.subject,
    text: row.bodyText,
    attempts: row.attempts,
    createdAt: row.createdAt,
    nextAttemptAt: row.nextAttemptAt,
    sentAt: row.sentAt,
    failedAt: row.failedAt,
    lastError: row.lastError,
  };
}

const unfinished = and(isNull(emailOutbox.sentAt), isNull(emailOutbox.failedAt));

/**
 * The outbox over Drizzle/libSQL. A claim is one UPDATE … RETURNING: two dispatchers (a
 * timer and a request's follow-up, two instances, a Cron run) never claim the same row
 * while its lease runs.
 *
 * @example
 * const outbox = createOutboxDbAdapter(db);
 */
export function createOutboxDbAdapter(db: Database): OutboxRepository {
  return guardDriverErrors('outbox', {
    async claimDue({ now, leaseUntil, limit }: ClaimDueEmailsCommand) {
      const due = db
        .select({ id: emailOutbox.id })
        .from(emailOutbox)
        .where(and(unfinished, lte(emailOutbox.nextAttemptAt, now)))
        .orderBy(asc(emailOutbox.nextAttemptAt))
        .limit(limit);
      const rows = await db
        .update(emailOutbox)
        .set({ nextAttemptAt: leaseUntil })
        .where(and(inArray(emailOutbox.id, due), unfinished, lte(emailOutbox.nextAttemptAt, now)))
        .returning();
      return rows.map(toResponse).sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
    },

    async markSent(ids: readonly string[], now: Date) {
      if (ids.length === 0) return;
      await db
        .update(emailOutbox)
        .set({ sentAt: now, attempts: sql`${emailOutbox.attempts} + 1`, lastError: null })
        .where(inArray(emailOutbox.id, [...ids]));
    },

    async recordFailedSend({ id, nextAttemptAt, failedAt, error }: RecordFailedSendCommand) {
      await db
        .update(emailOutbox)
        .set({
          attempts: sql`${emailOutbox.attempts} + 1`,
          nextAttemptAt,
          failedAt,
          lastError: error.slice(0, 500),
        })
        .where(eq(emailOutbox.id, id));
    },

    async listUnsent() {
      const rows = await db
        .select()
        .from(emailOutbox)
        .where(isNull(emailOutbox.sentAt))
        .orderBy(asc(emailOutbox.createdAt), asc(emailOutbox.id));
      return rows.map(toResponse);
    },

    async pruneSettled(before: Date) {
      const result = await db
        .delete(emailOutbox)
        .where(or(lt(emailOutbox.sentAt, before), lt(emailOutbox.failedAt, before)));
      return result.rowsAffected;
    },
  });
}
