import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import { composeDeps } from '../../src/configs/compose.ts';
import { loadConfig } from '../../src/configs/config.ts';
import { openDatabase } from '../../src/db/client.ts';
import { migrate } from '../../src/db/migrate.ts';
import { createMemoryCache } from '../../src/kit/cache/memory-cache.ts';
import { createLogger } from '../../src/kit/log/logger.ts';
import { DeferredTasks } from '../fakes/deferred-tasks.ts';
import { FakeEmailGateway } from '../fakes/fake-email.gateway.ts';
import { fakePasswordHasher } from '../fakes/fake-password-hasher.ts';

/*
 * The sends after a commit, gathered (`outboxGatherMs`): the welcome emails of registrations
 * made within the window are claimed in one write and marked sent in one write, where each
 * registration's own drain would claim and mark its email alone. The clock steps a
 * millisecond at each reading, so two writes never share a time: one claim leaves one lease
 * time on every row, one mark one sent time.
 */

const folder = mkdtempSync(join(tmpdir(), 'user-api-gather-'));
afterAll(() => {
  rmSync(folder, { recursive: true, force: true });
});

async function registerThree(name: string, outboxGatherMs: number) {
  const handle = openDatabase({ url: `file:${join(folder, name, 'app.db')}` });
  try {
    await migrate(handle.db);
    let ticks = 0;
    const tasks = new DeferredTasks();
    const email = new FakeEmailGateway();
    const app = createApp(
      composeDeps(
        {
          config: loadConfig({ APP_ENV: 'test' }),
          db: handle.db,
          pingDatabase: () => Promise.resolve(),
          cache: createMemoryCache(),
          logger: createLogger({ level: 'silent' }),
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
      const registered = await app.request('/api/v1/users', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({
          username,
          email: `${username}@example.com`,
          password: 'a sturdy passphrase 1',
        }),
      });
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
    const { outbox, sent } = await registerThree('gathered', 1_000);
    expect({ ...outbox }).toMatchObject({ emails: 3, sent: 3, leases: 1, marks: 1 });
    expect(sent).toEqual(['ada@example.com', 'bob@example.com', 'cid@example.com']);
  });

  it('with no window, claim and mark each email on its own', async () => {
    const { outbox, sent } = await registerThree('alone', 0);
    expect({ ...outbox }).toMatchObject({ emails: 3, sent: 3, leases: 3, marks: 3 });
    expect(sent).toEqual(['ada@example.com', 'bob@example.com', 'cid@example.com']);
  });
});
