import { createServer, type Server } from 'node:http';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/client.ts';
import { ServiceUnavailableError } from '../../src/kit/errors/catalogue.ts';
import { createUserDbAdapter } from '../../src/repositories/user/adapters/user-db.adapter.ts';
import { createHranaServer } from '../../tools/libsql-server/hrana.ts';
import { freePort } from '../support/net.ts';
import { TestDatabaseFactory } from '../support/test-database.ts';

/*
 * A remote libSQL database (Turso, a libSQL server) that refuses or stops answering is a
 * 503 with Retry-After, never a 500 or a request that hangs; when it answers again, the same
 * client serves again.
 */

const factory = new TestDatabaseFactory();
afterAll(() => {
  factory.dispose();
});

const SOME_ID = '00000000-0000-4000-8000-000000000000';

async function unavailableCause(promise: Promise<unknown>): Promise<unknown> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ServiceUnavailableError);
  expect(error).toMatchObject({ status: 503, retryAfterSeconds: 5 });
  return (error as Error).cause;
}

describe('a remote database that fails', () => {
  it('answers a refused connection with 503, and serves again once the database is back', async () => {
    const port = await freePort();
    const { db, probe } = openDatabase({ url: `http://127.0.0.1:${port}` });
    const users = createUserDbAdapter(db);
    const cause = await unavailableCause(users.findById(SOME_ID));
    expect(cause).toMatchObject({ operation: 'users.findById' });
    await expect(probe()).rejects.toThrow();

    const { path } = await factory.create();
    const database = createHranaServer({ databasePath: path });
    await database.listen(port);
    try {
      expect(await users.findById(SOME_ID)).toBeUndefined();
      await expect(probe()).resolves.toBeUndefined();
    } finally {
      await database.close();
    }
  });

  it('answers a database that stops answering with 503 after the bound, not a hung request', async () => {
    const silent: Server = createServer(() => {
      // Accepts every request and never answers it.
    });
    silent.listen(0, '127.0.0.1');
    await once(silent, 'listening');
    const { port } = silent.address() as AddressInfo;
    try {
      const { db } = openDatabase({ url: `http://127.0.0.1:${port}`, remoteTimeoutMs: 150 });
      const cause = await unavailableCause(createUserDbAdapter(db).findById(SOME_ID));
      expect(cause).toMatchObject({ operation: 'users.findById', code: 'TIMEOUT' });
    } finally {
      silent.closeAllConnections();
      silent.close();
    }
  });
});
