import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type DatabaseHandle } from '../../src/db/client.ts';
import { migrate } from '../../src/db/migrate.ts';

/**
 * Migrated databases for tests, made by copying one migrated template file instead of
 * migrating each time. One factory per process (a cucumber worker or a vitest file).
 */
export class TestDatabaseFactory {
  private readonly folder = mkdtempSync(join(tmpdir(), 'user-api-test-'));
  private readonly template = join(this.folder, 'template.db');
  private templateReady: Promise<void> | undefined;
  private count = 0;

  /** A fresh, migrated database file of its own. */
  async create(): Promise<DatabaseHandle & { readonly path: string }> {
    await (this.templateReady ??= this.buildTemplate());
    const path = join(this.folder, `db-${++this.count}.db`);
    copyFileSync(this.template, path);
    return { ...openDatabase({ url: `file:${path}` }), path };
  }

  /** Removes every file this factory made. Close the databases first. */
  dispose(): void {
    rmSync(this.folder, { recursive: true, force: true });
  }

  private async buildTemplate(): Promise<void> {
    const { db, client } = openDatabase({ url: `file:${this.template}` });
    try {
      await migrate(db);
    } finally {
      client.close();
    }
  }
}

/** Empties every application table, keeping the schema: how a pooled context is reset. */
export async function truncateAll({ client }: DatabaseHandle): Promise<void> {
  // A virtual table (the FTS5 search index) is emptied through itself, never through its
  // shadow tables (`<name>_data`, `<name>_config`, …), which would break it.
  const tables = await client.execute(
    `select name from sqlite_master t where type = 'table' and name not like 'sqlite_%' and name not like '__drizzle%'
       and not exists (select 1 from sqlite_master v where v.type = 'table' and v.sql like 'CREATE VIRTUAL TABLE%'
                       and t.name like replace(v.name, '_', '\\_') || '\\_%' escape '\\')
     order by rowid desc`,
  );
  await client.batch(
    tables.rows.map((row) => `delete from "${row.name as string}"`),
    'write',
  );
}
