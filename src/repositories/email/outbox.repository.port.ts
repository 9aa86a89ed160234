import type {
  ClaimDueEmailsCommand,
  OutboxEmailResponse,
  RecordFailedSendCommand,
} from '../../models/dtos/email/repository/email.repository.dtos.ts';

/**
 * The email outbox port. Rows are written by the batches of the changes that cause them
 * (user and auth adapters); the dispatcher claims due ones, sends them and records the
 * outcome. Delivery is at least once: a crash between sending and `markSent` sends again (once
 * its lease runs out).
 */
export interface OutboxRepository {
  /** Claims up to `limit` due, unfinished emails, oldest first, leasing them until `leaseUntil`. */
  claimDue(command: ClaimDueEmailsCommand): Promise<OutboxEmailResponse[]>;
  /** Marks the emails sent (one write for a batch's sends); no ids, no write. */
  markSent(ids: readonly string[], now: Date): Promise<void>;
  recordFailedSend(command: RecordFailedSendCommand): Promise<void>;
  /** Unfinished and given-up emails, oldest first: what an operator looks at. */
  listUnsent(): Promise<OutboxEmailResponse[]>;
  /** Deletes the emails sent, or given up, before `before`; unfinished ones stay. How many. */
  pruneSettled(before: Date): Promise<number>;
}
