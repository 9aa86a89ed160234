import { describe, expect, it } from 'vitest';
import { drainOutboxQuietly } from '../../../src/configs/compose.ts';
import { createLogger } from '../../../src/kit/log/logger.ts';
import { userLogicFixture } from './user-logic.fixture.ts';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

describe('pruning the outbox', () => {
  it('deletes emails settled more than 30 days ago, at most once an hour, never a pending one', async () => {
    const { register, emails, email, users, clock } = userLogicFixture();
    const left = () => [...users.outbox.values()].map((e) => e.to).sort();
    await register('ada');
    await emails.drain(); // ada's email is sent at 0
    clock.advance(40 * MINUTE);
    await register('bob');
    await emails.drain(); // bob's at 40 min
    email.failing = true;
    await register('cy');
    await emails.drain(); // cy's fails and waits for a retry

    clock.advance(30 * DAY - 39 * MINUTE); // 30 days and 1 minute after ada's
    expect(await emails.prune()).toBe(1);
    expect(left()).toEqual(['bob@example.com', 'cy@example.com']);

    clock.advance(49 * MINUTE); // bob's is 30 days old now, but the last prune was 49 min ago
    expect(await emails.prune()).toBe(0);
    expect(left()).toEqual(['bob@example.com', 'cy@example.com']);

    clock.advance(12 * MINUTE);
    expect(await emails.prune()).toBe(1);
    // cy's email is still being retried: it stays, however old.
    expect(left()).toEqual(['cy@example.com']);
    clock.advance(90 * DAY);
    expect(await emails.prune()).toBe(0);
    expect(left()).toEqual(['cy@example.com']);
  });
});

describe('a prune that fails', () => {
  it('is tried again at the next call, not an hour later', async () => {
    const { register, emails, outbox, users, clock } = userLogicFixture();
    await register('ada');
    await emails.drain();
    clock.advance(31 * DAY);
    const pruneSettled = outbox.pruneSettled;
    outbox.pruneSettled = () => Promise.reject(new Error('disk I/O error'));
    await expect(emails.prune()).rejects.toThrow('disk I/O error');
    outbox.pruneSettled = pruneSettled;
    clock.advance(MINUTE);
    expect(await emails.prune()).toBe(1);
    expect(users.outbox.size).toBe(0);
  });

  it('is logged as a prune failure by the dispatcher, which goes on', async () => {
    const { register, emails, outbox, users, clock } = userLogicFixture();
    const lines: string[] = [];
    const logger = createLogger({ write: (line) => lines.push(line) });
    const messages = () => lines.splice(0).map((l) => (JSON.parse(l) as { msg: string }).msg);
    const failing = () => Promise.reject(new Error('disk I/O error'));
    await register('ada');
    await emails.drain();
    clock.advance(31 * DAY);
    const { pruneSettled, claimDue } = outbox;
    outbox.pruneSettled = failing;
    await drainOutboxQuietly(emails, logger);
    expect(messages()).toEqual(['outbox prune failed: will retry']);
    // A drain that fails (storage down) is logged as such, and no prune is tried after it.
    outbox.pruneSettled = pruneSettled;
    outbox.claimDue = failing;
    await drainOutboxQuietly(emails, logger);
    expect(messages()).toEqual(['outbox drain failed: will retry']);
    expect(users.outbox.size).toBe(1);
    outbox.claimDue = claimDue;
    await drainOutboxQuietly(emails, logger);
    expect(messages()).toEqual(['outbox pruned']);
    expect(users.outbox.size).toBe(0);
  });
});
