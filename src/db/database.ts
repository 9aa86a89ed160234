import type { Client } from '@libsql/client';
import type { LibSQLDatabase } from 'drizzle-orm/libsql';
import type * as schema from './schema.ts';

/**
 * The Drizzle database every adapter writes through, whatever the runtime's client, with
 * that client as `$client` (as `drizzle()` returns it) for the reads run directly.
 */
export type Database = LibSQLDatabase<typeof schema> & { readonly $client: Client };

/** One runtime's database: Drizzle over its one client, and the readiness probe. */
export interface DatabaseHandle {
  readonly db: Database;
  readonly client: Client;
  /**
   * Resolves when a write could succeed now, for `/ready`: an embedded file that is there,
   * writable and not locked; a remote database that answers.
   */
  readonly probe: () => Promise<void>;
}
