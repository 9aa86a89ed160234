import { drizzle } from 'drizzle-orm/libsql';
import { afterAll, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/client.ts';
import * as schema from '../../src/db/schema.ts';
import { createOutboxDbAdapter } from '../../src/repositories/email/adapters/outbox-db.adapter.ts';
import { createAuthDbAdapter } from '../../src/repositories/auth/adapters/auth-db.adapter.ts';
import { TestDatabaseFactory } from '../support/test-database.ts';

const factory = new TestDatabaseFactory();
const handles: DatabaseHandle[] = [];
afterAll(() => {
  for (const handle of handles) handle.client.close();
  factory.dispose();
});

it('prunes log-in counts and settled mail through an index, never by scanning the table', async () => {
  const handle = await factory.create();
  handles.push(handle);
  // The adapters' own statements, as drizzle sends them to the database.
  const sent: { sql: string; params: unknown[] }[] = [];
  const db = drizzle(handle.client, {
    schema,
    logger: { logQuery: (sql, params) => sent.push({ sql, params }) },
  });
  const now = new Date('2026-05-01T10:00:00.000Z');
  await createAuthDbAdapter(db).pruneLoginAttempts({ before: now, now });
  await createOutboxDbAdapter(db).pruneSettled(now);
  const deletes = sent.filter((statement) => statement.sql.startsWith('delete from'));
  expect(deletes.map((statement) => statement.sql.split(' ')[2])).toEqual([
    '"login_attempts"',
    '"email_outbox"',
  ]);

  for (const statement of deletes) {
    const plan = await handle.client.execute({
      sql: `explain query plan ${statement.sql}`,
      args: statement.params as never,
    });
    const steps = plan.rows.map((row) => row.detail as string);
    expect(steps.some((step) => step.includes('USING INDEX'))).toBe(true);
    expect(steps.filter((step) => step.startsWith('SCAN'))).toEqual([]);
  }
});
