import type { InArgs, Row } from '@libsql/client';
import { fillPlaceholders } from 'drizzle-orm';
import type { Database } from './database.ts';

/** A query Drizzle has built: its SQL text and its parameters (values or placeholders). */
interface BuiltQuery {
  toSQL(): { sql: string; params: unknown[] };
}

/**
 * A read Drizzle builds once and the database client runs directly, its columns read by
 * position. Drizzle stays the query builder; what is skipped is its per-call work (filling
 * the placeholders into a copy of the query, mapping every row through the selected fields),
 * a measured share of the reads every request makes. Only for selects whose columns need no
 * mapping from the driver's values (text, integers). Driver errors are the client's own, as
 * through Drizzle: the adapter's `guardDriverErrors` turns them into 503s.
 *
 * @example
 * const byId = directRead(db, db.select({ id: users.id }).from(users).where(eq(users.id, sql.placeholder('id'))));
 * const [row] = await byId({ id }); // row?.[0] is the id
 */
export function directRead(
  db: Database,
  query: BuiltQuery,
): (values: Record<string, unknown>) => Promise<Row[]> {
  const { sql, params } = query.toSQL();
  return async (values) =>
    (await db.$client.execute({ sql, args: fillPlaceholders(params, values) as InArgs })).rows;
}
