import type { Client, InArgs } from '@libsql/client';
import { fillPlaceholders } from 'drizzle-orm';
import type { FirstRowReader } from './embedded-client.ts';
import type { Database } from './database.ts';

/** A query Drizzle has built: its SQL text and its parameters (values or placeholders). */
interface BuiltQuery {
  toSQL(): { sql: string; params: unknown[] };
}

const readsFirstRow = (client: Client): client is Client & FirstRowReader =>
  typeof (client as Partial<FirstRowReader>).executeFirst === 'function';

/**
 * A read of one row that Drizzle builds once and the database client runs directly, its
 * columns read by position. Drizzle stays the query builder; what is skipped is its per-call
 * work (filling the placeholders into a copy of the query, mapping the row through the
 * selected fields) and, on the embedded file, the driver's whole-result-set iterator
 * (`executeFirst`): a measured share of the read every authenticated request makes. Only for
 * selects of at most one row whose columns need no mapping from the driver's values (text,
 * integers). Driver errors are the client's own, as through Drizzle: the adapter's
 * `guardDriverErrors` turns them into 503s.
 *
 * @example
 * const byId = directRead(db, db.select({ id: users.id }).from(users).where(eq(users.id, sql.placeholder('id'))));
 * const row = await byId({ id }); // row?.[0] is the id
 */
export function directRead(
  db: Database,
  query: BuiltQuery,
): (values: Record<string, unknown>) => Promise<readonly unknown[] | undefined> {
  const { sql, params } = query.toSQL();
  const client = db.$client;
  const statement = (values: Record<string, unknown>) => ({
    sql,
    args: fillPlaceholders(params, values) as InArgs,
  });
  if (readsFirstRow(client)) return (values) => client.executeFirst(statement(values));
  return async (values) => {
    const [row] = (await client.execute(statement(values))).rows;
    return row && Array.from(row);
  };
}
