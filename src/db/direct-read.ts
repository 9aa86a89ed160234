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

/** A statement Drizzle has prepared: a builder's `.prepare()`, or `db.run(sql)` itself. */
export interface PreparedStatement {
  getQuery(): { sql: string; params: unknown[] };
  mapResult(result: unknown, isFromBatch?: boolean): unknown;
}

/**
 * A batch (one transaction, as `db.batch`) that Drizzle builds once and the database client
 * runs directly, its placeholders filled on each run and each result mapped as `db.batch`
 * maps it (a builder's `returning()` rows typed by its columns; a `db.run`'s result set).
 * Its statements are builders or `db.run(sql)`s, as for `db.batch`.
 * Building a registration's four statements each time took 130–185 µs of a request's main
 * thread (tools/bench/notes.md, ninth pass). A placeholder stands where a value would; a
 * column's placeholder is encoded as the column's value is (a timestamp's takes a `Date`),
 * one in raw SQL is passed as given (a `Date` goes to the driver as its milliseconds).
 *
 * @example
 * const touch = directBatch(db, [db.update(users).set({ updatedAt: timeParam(sql.placeholder('now')) })
 *   .where(eq(users.id, sql.placeholder('id'))).returning()]);
 * const [rows] = await touch({ id, now: new Date() });
 */
export function directBatch(
  db: Database,
  items: readonly (PreparedStatement | { prepare(): PreparedStatement })[],
): (values: Record<string, unknown>) => Promise<unknown[]> {
  const statements = items.map((item) => ('getQuery' in item ? item : item.prepare()));
  const queries = statements.map((statement) => statement.getQuery());
  const client = db.$client;
  return async (values) => {
    const results = await client.batch(
      queries.map(({ sql, params }) => ({ sql, args: fillPlaceholders(params, values) as InArgs })),
    );
    return results.map((result, i) => statements[i]?.mapResult(result, true));
  };
}
