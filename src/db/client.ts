import { createClient, type Client } from '@libsql/client';
import { drizzle, type LibSQLDatabase } from 'drizzle-orm/libsql';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import * as schema from './schema.ts';

export type Database = LibSQLDatabase<typeof schema>;

export interface DatabaseHandle {
  readonly db: Database;
  readonly client: Client;
}

/** The file path of a `file:` URL, or undefined for `:memory:` and remote URLs. */
export function localDatabasePath(url: string): string | undefined {
  if (!url.startsWith('file:')) return undefined;
  const path = url.slice('file:'.length).split('?')[0] ?? '';
  return path === '' || path === ':memory:' ? undefined : path;
}

/**
 * Opens the one database client of a Node process: an embedded libSQL file (its folder
 * is created), `:memory:`, or a remote `libsql://`/`https://` URL. Call it once at start.
 *
 * @example
 * const { db, client } = openDatabase({ url: 'file:.data/app.db' });
 */
export function openDatabase({
  url,
  authToken,
}: {
  url: string;
  /** For a remote database; ignored when undefined. */
  authToken?: string | undefined;
}): DatabaseHandle {
  const path = localDatabasePath(url);
  if (path !== undefined) mkdirSync(dirname(path), { recursive: true });
  const client = createClient(authToken ? { url, authToken } : { url });
  return { db: drizzle(client, { schema }), client };
}
