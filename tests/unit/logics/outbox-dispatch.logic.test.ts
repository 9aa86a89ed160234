import { describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/kit/log/logger.ts';
import { drainOutbox } from '../../../src/logics/email/outbox-dispatch.logic.ts';
import type { EmailMessage } from '../../../src/repositories/email/email.gateway.port.ts';
import type { OutboxRepository } from '../../../src/repositories/email/outbox.repository.port.ts';
import { FakeClock } from '../../fakes/clock.ts';
import { InMemoryOutboxRepository } from '../../fakes/in-memory-outbox.repository.ts';
import { InMemoryUserRepository } from '../../fakes/in-memory-user.repository.ts';

/** A drain over the in-memory outbox holding `addresses`' emails, recording its writes in order. */
function dispatcher(addresses: string[], failing: (to: string) => unknown = () => undefined) {
  const users = new InMemoryUserRepository();
  const clock = new FakeClock();
  for (const [i, to] of addresses.entries()) {
    const createdAt = new Date(clock.now().getTime() + i);
    users.outbox.set(`mail-${to}`, {
      id: `mail-${to}`,
      to,
      subject: 'Welcome',
      text: `hello ${to}`,
      attempts: 0,
      createdAt,
      nextAttemptAt: createdAt,
      sentAt: null,
      failedAt: null,
      lastError: null,
    });
  }
  clock.advance(1_000);
  const inner = new InMemoryOutboxRepository(users);
  const writes: string[] = [];
  const outbox: OutboxRepository = {
    ...inner,
    markSent: (ids, now) => {
      writes.push(`sent ${ids.join(',')}`);
      return inner.markSent(ids, now);
    },
    recordFailedSend: (command) => {
      writes.push(`failed ${command.id}`);
      return inner.recordFailedSend(command);
    },
  };
  const sent: EmailMessage[] = [];
  const drain = drainOutbox({
    outbox,
    email: {
      send: (message) => {
        const reason = failing(message.to);
        // A gateway may reject with anything, not only an Error: the drain must cope.
        // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors
        if (reason !== undefined) return Promise.reject(reason);
        sent.push(message);
        return Promise.resolve();
      },
    },
    clock: clock.now,
    logger: createLogger({ level: 'error', write: () => undefined }),
    maxAttempts: 3,
    retryBaseSeconds: 30,
  });
  const settled = () =>
    [...users.outbox.values()].map(
      (e) => `${e.to}: ${e.sentAt ? 'sent' : `attempts ${e.attempts}`}`,
    );
  return { drain, writes, sent, settled };
}

describe('draining the outbox', () => {
  it('marks the sends of a claimed batch in one write', async () => {
    const { drain, writes, sent, settled } = dispatcher(['a@x.test', 'b@x.test', 'c@x.test']);
    expect(await drain()).toEqual({ sent: 3, failed: 0 });
    expect(writes).toEqual(['sent mail-a@x.test,mail-b@x.test,mail-c@x.test']);
    expect(sent.map((m) => m.to)).toEqual(['a@x.test', 'b@x.test', 'c@x.test']);
    expect(settled()).toEqual(['a@x.test: sent', 'b@x.test: sent', 'c@x.test: sent']);
  });

  it('marks the sends before a failure, then records the failure, then the sends after it', async () => {
    const { drain, writes, settled } = dispatcher(['a@x.test', 'b@x.test', 'c@x.test'], (to) =>
      to === 'b@x.test' ? new Error('mailbox unavailable') : undefined,
    );
    expect(await drain()).toEqual({ sent: 2, failed: 1 });
    expect(writes).toEqual(['sent mail-a@x.test', 'failed mail-b@x.test', 'sent mail-c@x.test']);
    expect(settled()).toEqual(['a@x.test: sent', 'b@x.test: attempts 1', 'c@x.test: sent']);
  });

  it('writes nothing more when nothing was sent', async () => {
    const { drain, writes } = dispatcher(['a@x.test'], () => 'provider down');
    expect(await drain()).toEqual({ sent: 0, failed: 1 });
    expect(writes).toEqual(['failed mail-a@x.test']);
    expect(await drain()).toEqual({ sent: 0, failed: 0 });
    expect(writes).toEqual(['failed mail-a@x.test']);
  });

  it('counts a send rejected with no reason as failed, not sent', async () => {
    const { drain, settled } = dispatcher(['a@x.test'], () => null);
    expect(await drain()).toEqual({ sent: 0, failed: 1 });
    expect(settled()).toEqual(['a@x.test: attempts 1']);
  });
});
