import { describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/kit/log/logger.ts';
import { drainOutbox } from '../../../src/logics/email/outbox-dispatch.logic.ts';
import type { EmailMessage } from '../../../src/repositories/email/email.gateway.port.ts';
import type { OutboxRepository } from '../../../src/repositories/email/outbox.repository.port.ts';
import { FakeClock } from '../../fakes/clock.ts';
import { InMemoryOutboxRepository } from '../../fakes/in-memory-outbox.repository.ts';
import { InMemoryUserRepository } from '../../fakes/in-memory-user.repository.ts';

/** How the fake provider answers a send: it goes, or it is rejected with `reason`. */
type Answer = { readonly reject: false } | { readonly reject: true; readonly reason: unknown };
const goes: Answer = { reject: false };
const rejected = (reason: unknown): Answer => ({ reject: true, reason });

/**
 * A drain over the in-memory outbox holding one email to each of `addresses`, due a second
 * ago, recording its writes in order and its log lines. `answer` decides each send; it may
 * also act meanwhile (start a second drain, move the clock). The first `failedMarks` marks
 * fail as storage does (nothing written).
 */
function dispatcher(
  addresses: string[],
  answer: (to: string) => Answer | Promise<Answer>,
  failedMarks = 0,
) {
  const users = new InMemoryUserRepository();
  const clock = new FakeClock();
  for (const [i, to] of addresses.entries()) {
    const createdAt = new Date(clock.now().getTime() + i);
    users.outbox.set(`mail-${to}`, {
      id: `mail-${to}`,
      to,
      subject: `Welcome ${to}`,
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
      if (failedMarks-- > 0) return Promise.reject(new Error('disk I/O error'));
      writes.push(`sent ${ids.join(',')}`);
      return inner.markSent(ids, now);
    },
    recordFailedSend: (command) => {
      writes.push(`failed ${command.id}`);
      return inner.recordFailedSend(command);
    },
  };
  const sent: EmailMessage[] = [];
  const logLines: Record<string, unknown>[] = [];
  const drain = drainOutbox({
    outbox,
    email: {
      send: async (message) => {
        const outcome = await answer(message.to);
        // A provider's client may reject with anything, or nothing: the drain must cope.
        // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors
        if (outcome.reject) return Promise.reject(outcome.reason);
        sent.push(message);
      },
    },
    clock: clock.now,
    logger: createLogger({
      level: 'info',
      write: (line) => logLines.push(JSON.parse(line) as Record<string, unknown>),
    }),
    maxAttempts: 3,
    retryBaseSeconds: 30,
  });
  const row = (to: string) => users.outbox.get(`mail-${to}`);
  const settled = () =>
    [...users.outbox.values()].map(
      (e) => `${e.to}: ${e.sentAt ? 'sent' : e.failedAt ? 'given up' : `attempts ${e.attempts}`}`,
    );
  return { drain, writes, sent, settled, row, clock, logLines };
}

describe('draining the outbox', () => {
  it('marks the sends of a claimed batch in one write', async () => {
    const { drain, writes, sent, settled } = dispatcher(
      ['a@x.test', 'b@x.test', 'c@x.test'],
      () => goes,
    );
    expect(await drain()).toEqual({ sent: 3, failed: 0 });
    expect(writes).toEqual(['sent mail-a@x.test,mail-b@x.test,mail-c@x.test']);
    expect(sent.map((m) => m.to)).toEqual(['a@x.test', 'b@x.test', 'c@x.test']);
    expect(settled()).toEqual(['a@x.test: sent', 'b@x.test: sent', 'c@x.test: sent']);
  });

  it('marks the sends before a failure, then records the failure, then the sends after it', async () => {
    const { drain, writes, settled } = dispatcher(['a@x.test', 'b@x.test', 'c@x.test'], (to) =>
      to === 'b@x.test' ? rejected(new Error('mailbox unavailable')) : goes,
    );
    expect(await drain()).toEqual({ sent: 2, failed: 1 });
    expect(writes).toEqual(['sent mail-a@x.test', 'failed mail-b@x.test', 'sent mail-c@x.test']);
    expect(settled()).toEqual(['a@x.test: sent', 'b@x.test: attempts 1', 'c@x.test: sent']);
  });

  it('writes nothing more when nothing was sent', async () => {
    const { drain, writes } = dispatcher(['a@x.test'], () => rejected('provider down'));
    expect(await drain()).toEqual({ sent: 0, failed: 1 });
    expect(writes).toEqual(['failed mail-a@x.test']);
    expect(await drain()).toEqual({ sent: 0, failed: 0 });
    expect(writes).toEqual(['failed mail-a@x.test']);
  });

  it('counts a send rejected with no reason at all as failed, not sent', async () => {
    const { drain, settled, row } = dispatcher(['a@x.test'], () => rejected(undefined));
    expect(await drain()).toEqual({ sent: 0, failed: 1 });
    expect(settled()).toEqual(['a@x.test: attempts 1']);
    expect(row('a@x.test')?.lastError).toBe('undefined');
  });

  it('goes on batch after batch until nothing due is left', async () => {
    const addresses = Array.from({ length: 45 }, (_, i) => `u${i}@x.test`);
    const { drain, writes, sent } = dispatcher(addresses, () => goes);
    expect(await drain()).toEqual({ sent: 45, failed: 0 });
    expect(sent).toHaveLength(45);
    // Batches of 20: three claims, three marks.
    expect(writes.map((w) => w.split(',').length)).toEqual([20, 20, 5]);
  });

  it('holds a claimed email for a minute: a second drain meanwhile does not send it again', async () => {
    let second: Promise<unknown> | undefined;
    const { drain, sent, clock } = dispatcher(['a@x.test'], () => {
      clock.advance(59_000);
      second ??= drain();
      return goes;
    });
    await drain();
    expect(await second).toEqual({ sent: 0, failed: 0 });
    expect(sent.map((m) => m.to)).toEqual(['a@x.test']);
  });

  it('ends the run when a mark fails, and sends those emails again once their lease runs out', async () => {
    const { drain, writes, sent, settled, clock } = dispatcher(
      ['a@x.test', 'b@x.test'],
      () => goes,
      1,
    );
    await expect(drain()).rejects.toThrow('disk I/O error');
    expect(writes).toEqual([]);
    expect(settled()).toEqual(['a@x.test: attempts 0', 'b@x.test: attempts 0']);
    clock.advance(59_999);
    expect(await drain()).toEqual({ sent: 0, failed: 0 });
    clock.advance(1);
    expect(await drain()).toEqual({ sent: 2, failed: 0 });
    // Delivery is at least once: each went twice, and is marked sent now.
    expect(sent.map((m) => m.to)).toEqual(['a@x.test', 'b@x.test', 'a@x.test', 'b@x.test']);
    expect(settled()).toEqual(['a@x.test: sent', 'b@x.test: sent']);
  });

  it('retries after 30 s, then 60 s, then gives up, and logs each without the text', async () => {
    const { drain, row, clock, logLines } = dispatcher(['a@x.test'], () =>
      rejected(new TypeError('connection refused')),
    );
    await drain();
    const first = row('a@x.test');
    expect(first?.nextAttemptAt.getTime()).toBe(clock.now().getTime() + 30_000);
    expect(first?.lastError).toBe('TypeError: connection refused');
    expect(logLines.at(-1)).toMatchObject({
      level: 'warn',
      msg: 'email send failed: will retry',
      emailId: 'mail-a@x.test',
      subject: 'Welcome a@x.test',
      attempts: 1,
      retryAt: new Date(clock.now().getTime() + 30_000).toISOString(),
      error: 'TypeError: connection refused',
    });
    clock.advance(29_999);
    expect(await drain()).toEqual({ sent: 0, failed: 0 });
    clock.advance(1);
    expect(await drain()).toEqual({ sent: 0, failed: 1 });
    expect(row('a@x.test')?.nextAttemptAt.getTime()).toBe(clock.now().getTime() + 60_000);
    clock.advance(60_000);
    expect(await drain()).toEqual({ sent: 0, failed: 1 });
    expect(row('a@x.test')?.failedAt).toEqual(clock.now());
    expect(logLines.at(-1)).toMatchObject({
      level: 'error',
      msg: 'email given up',
      emailId: 'mail-a@x.test',
      subject: 'Welcome a@x.test',
      attempts: 3,
      error: 'TypeError: connection refused',
    });
    expect(JSON.stringify(logLines)).not.toContain('hello a@x.test');
  });
});
