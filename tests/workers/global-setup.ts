import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { createClient } from '@libsql/client/web';
import { drizzle } from 'drizzle-orm/libsql/web';
import { createHranaServer } from '../../tools/libsql-server/hrana.ts';
import { migrate } from '../../src/db/migrate.ts';
import * as schema from '../../src/db/schema.ts';

/**
 * Runs in Node before the workerd tests: a database file served over Hrana by the libSQL
 * stand-in on loopback, migrated through it; its URL becomes the Worker's DATABASE_URL.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const folder = mkdtempSync(join(tmpdir(), 'user-api-workers-'));
  const path = join(folder, 'worker.db');
  const server = createHranaServer({ databasePath: path });
  const { url } = await server.listen(0);
  // This project resolves packages for workerd, so the migration goes over HTTP too.
  const client = createClient({ url });
  await migrate(drizzle(client, { schema }));
  client.close();
  project.provide('libsqlUrl', url);
  return async () => {
    await server.close();
    rmSync(folder, { recursive: true, force: true });
  };
}
