import { migrate as drizzleMigrate } from 'drizzle-orm/libsql/migrator';
import { fileURLToPath } from 'node:url';
import type { Database } from './client.ts';

/** The committed migrations that drizzle-kit generates from `schema.ts`. */
export const MIGRATIONS_FOLDER = fileURLToPath(new URL('../../drizzle', import.meta.url));

/**
 * Applies every pending migration: the one schema history, used by the CLI, the Node
 * server's start and the test harnesses alike.
 */
export async function migrate(db: Database): Promise<void> {
  await drizzleMigrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
}
