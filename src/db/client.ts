import { createClient } from '@libsql/client';
import { drizzle } from 'drizzle-orm/libsql';
import type { DatabaseHandle } from './database.ts';
import { createEmbeddedClient } from './embedded-client.ts';
import { remoteClientConfig, remoteDatabase } from './remote.ts';
import * as schema from './schema.ts';

export type { Database, DatabaseHandle } from './database.ts';

/** The file path of a `file:` URL (or `:memory:`), or undefined for remote URLs. */
export function localDatabasePath(url: string): string | undefined {
  if (url === ':memory:') return url;
  if (!url.startsWith('file:')) return undefined;
  const path = url.slice('file:'.length).split('?')[0] ?? '';
  return path === '' ? ':memory:' : path;
}

/**
 * Opens the one database client of a Node process: an embedded libSQL file (its folder is
 * created) or `:memory:` through our fault-safe embedded client, or a remote
 * `libsql://`/`https://` URL through `@libsql/client`. Call it once at start.
 *
 * @example
 * const { db, client } = openDatabase({ url: 'file:.data/app.db' });
 */
export function openDatabase({
  url,
  authToken,
  busyTimeoutMs,
  onBusy,
  remoteTimeoutMs,
}: {
  url: string;
  /** For a remote database; ignored when undefined. */
  authToken?: string | undefined;
  /** For an embedded file: how long a lock held by another process is waited for. */
  busyTimeoutMs?: number | undefined;
  /** For an embedded file: told when an operation starts waiting for such a lock. */
  onBusy?: (code: string) => void;
  /** For a remote database: how long one request may take before it is a fault. */
  remoteTimeoutMs?: number | undefined;
}): DatabaseHandle {
  const path = localDatabasePath(url);
  if (path !== undefined) {
    const client = createEmbeddedClient({
      path,
      ...(busyTimeoutMs === undefined ? {} : { busyTimeoutMs }),
      ...(onBusy === undefined ? {} : { onBusy }),
    });
    return { db: drizzle(client, { schema }), client, probe: () => client.probeWritable() };
  }
  return remoteDatabase(createClient(remoteClientConfig(url, authToken, remoteTimeoutMs)));
}
