import { describe, expect, it } from 'vitest';
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
