import { afterAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import { composeDeps } from '../../src/configs/compose.ts';
import { DeferredTasks } from '../fakes/deferred-tasks.ts';
import { FakeEmailGateway } from '../fakes/fake-email.gateway.ts';
import { fakePasswordHasher } from '../fakes/fake-password-hasher.ts';
import { registration } from '../support/registration.ts';
import { testRuntimeParts } from '../support/runtime-parts.ts';
import { TestDatabaseFactory } from '../support/test-database.ts';

/*
 * The sends after a commit, gathered (`outboxGatherMs`): the welcome emails of registrations
 * made within the window are claimed in one write and marked sent in one write, where each
 * registration's own drain would claim and mark its email alone. The clock steps a
 * millisecond at each reading, so two writes never share a time: one claim leaves one lease
 * time on every row, one mark one sent time.
 */

const databases = new TestDatabaseFactory();
afterAll(() => {
  databases.dispose();
});

async function registerThree(outboxGatherMs: number) {
  const handle = await databases.create();
  try {
    let ticks = 0;
    const tasks = new DeferredTasks();
    const email = new FakeEmailGateway();
    const app = createApp(
      composeDeps(
        {
          ...testRuntimeParts(handle.db),
          email,
          defer: tasks.defer,
          passwords: fakePasswordHasher,
          clock: () => new Date(Date.UTC(2026, 0, 1) + ++ticks),
          outboxGatherMs,
        },
        'gather-test-secret-of-at-least-32-bytes',
      ),
    );
    for (const username of ['ada', 'bob', 'cid']) {
      const registered = await app.request(
        '/api/v1/users',
        registration(username, 'a sturdy passphrase 1'),
      );
      expect(registered.status).toBe(201);
    }
    await tasks.flush();
    const rows = await handle.client.execute(
      `select count(*) as emails, count(sent_at) as sent,
         count(distinct next_attempt_at) as leases, count(distinct sent_at) as marks
       from email_outbox`,
    );
    return { outbox: rows.rows[0], sent: email.sent.map((m) => m.to) };
  } finally {
    handle.client.close();
  }
}

describe('the sends after a commit', () => {
  it('claim and mark the emails queued within the window together', async () => {
    const { outbox, sent } = await registerThree(1_000);
    expect({ ...outbox }).toMatchObject({ emails: 3, sent: 3, leases: 1, marks: 1 });
    expect(sent).toEqual(['ada@example.com', 'bob@example.com', 'cid@example.com']);
  });

  it('with no window, claim and mark each email on its own', async () => {
    const { outbox, sent } = await registerThree(0);
    expect({ ...outbox }).toMatchObject({ emails: 3, sent: 3, leases: 3, marks: 3 });
    expect(sent).toEqual(['ada@example.com', 'bob@example.com', 'cid@example.com']);
  });
});
