import type { Client } from '@libsql/client';
import type { LibSQLDatabase } from 'drizzle-orm/libsql';
import type * as schema from './schema.ts';

/** The Drizzle database every adapter writes through, whatever the runtime's client. */
export type Database = LibSQLDatabase<typeof schema>;

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
