import type { OutboxRepository } from '../../src/repositories/email/outbox.repository.port.ts';
import type { InMemoryUserRepository } from './in-memory-user.repository.ts';

/**
 * An in-memory `OutboxRepository` over the outbox table of an `InMemoryUserRepository`
 * (which registrations and email changes write to). `tests/integration/one-time-token.port.test.ts`
 * holds it to the Drizzle adapter.
 */
export class InMemoryOutboxRepository implements OutboxRepository {
  private readonly users: InMemoryUserRepository;

  constructor(users: InMemoryUserRepository) {
    this.users = users;
  }

  claimDue: OutboxRepository['claimDue'] = ({ now, leaseUntil, limit }) => {
    const due = [...this.users.outbox.values()]
      .filter((e) => e.sentAt === null && e.failedAt === null && e.nextAttemptAt <= now)
      .sort((a, b) => a.nextAttemptAt.getTime() - b.nextAttemptAt.getTime())
      .slice(0, limit)
      .map((e) => ({ ...e, nextAttemptAt: leaseUntil }));
    for (const email of due) this.users.outbox.set(email.id, email);
    return Promise.resolve(due.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime()));
  };

  markSent: OutboxRepository['markSent'] = (ids, now) => {
    for (const id of ids) {
      const email = this.users.outbox.get(id);
      if (email) {
        this.users.outbox.set(id, {
          ...email,
          sentAt: now,
          attempts: email.attempts + 1,
          lastError: null,
        });
      }
    }
    return Promise.resolve();
  };

  recordFailedSend: OutboxRepository['recordFailedSend'] = ({
    id,
    nextAttemptAt,
    failedAt,
    error,
  }) => {
    const email = this.users.outbox.get(id);
    if (email) {
      this.users.outbox.set(id, {
        ...email,
        attempts: email.attempts + 1,
        nextAttemptAt,
        failedAt,
        lastError: error.slice(0, 500),
      });
    }
    return Promise.resolve();
  };

  pruneSettled: OutboxRepository['pruneSettled'] = (before) => {
    let pruned = 0;
    for (const [id, email] of this.users.outbox) {
      const settledAt = email.sentAt ?? email.failedAt;
      if (settledAt !== null && settledAt < before) {
        this.users.outbox.delete(id);
        pruned++;
      }
    }
    return Promise.resolve(pruned);
  };

  listUnsent: OutboxRepository['listUnsent'] = () =>
    Promise.resolve(
      [...this.users.outbox.values()]
        .filter((e) => e.sentAt === null)
        .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : 1)),
    );
}
