import type { Client, Config } from '@libsql/client';
import { drizzle } from 'drizzle-orm/libsql/web';
import type { DatabaseHandle } from './database.ts';
import * as schema from './schema.ts';

/** How long one request to a remote libSQL database may take before it is a fault. */
export const REMOTE_TIMEOUT_MS = 10_000;

/**
 * The `@libsql/client` config for a remote database (Turso, a libSQL server), on Node and
 * in workerd alike: every HTTP request is bounded, so a database that stops answering is
 * a 503 after `REMOTE_TIMEOUT_MS`, never a request that hangs.
 */
export function remoteClientConfig(
  url: string,
  authToken: string | undefined,
  timeoutMs = REMOTE_TIMEOUT_MS,
): Config {
  const timedFetch = (input: Request | string | URL, init?: RequestInit) =>
    fetch(input, { ...init, signal: init?.signal ?? AbortSignal.timeout(timeoutMs) });
  return authToken ? { url, authToken, fetch: timedFetch } : { url, fetch: timedFetch };
}

/**
 * A remote database's handle, on Node and in workerd alike: Drizzle over the client, and a
 * probe that proves the database answers.
 */
export function remoteDatabase(client: Client): DatabaseHandle {
  return {
    db: drizzle(client, { schema }),
    client,
    probe: async () => {
      await client.execute('select 1');
    },
  };
}
