import type { InArgs, InStatement, InValue, ResultSet, Row } from '@libsql/client';

/*
 * Values, rows and result sets of the embedded client, shaped as `@libsql/client` shapes
 * them, so that Drizzle's libSQL driver reads them the same either way.
 */

type SqlValue = null | string | number | bigint | Buffer;

function toSql(value: InValue): SqlValue {
  if (value === null || typeof value === 'string' || typeof value === 'bigint') return value;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new RangeError('Only finite numbers can be stored');
    return value;
  }
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (value instanceof Date) return value.getTime();
  if (value instanceof ArrayBuffer) return Buffer.from(value);
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.length);
  throw new TypeError(`${typeof value} cannot be passed as an argument to the database`);
}

export function toArgs(args: InArgs | undefined): SqlValue[] | Record<string, SqlValue> {
  if (args === undefined) return [];
  if (Array.isArray(args)) return args.map(toSql);
  const named: Record<string, SqlValue> = {};
  for (const [name, value] of Object.entries(args)) {
    named[/^[:@$]/.test(name) ? name.slice(1) : name] = toSql(value);
  }
  return named;
}

/** A value as `@libsql/client` gives it back: blobs as `ArrayBuffer`s. */
export function fromSql(value: unknown): unknown {
  if (value instanceof Uint8Array) return new Uint8Array(value).buffer;
  return value;
}

/** A row as `@libsql/client` shapes it: indexed (not enumerable) and named (enumerable). */
export function toRow(values: readonly unknown[], columns: readonly string[]): Row {
  const row: Record<string | number, unknown> = {};
  Object.defineProperty(row, 'length', { value: values.length });
  for (let i = 0; i < values.length; i++) {
    const value = fromSql(values[i]);
    Object.defineProperty(row, i, { value });
    const column = columns[i];
    if (column !== undefined && !Object.hasOwn(row, column)) {
      Object.defineProperty(row, column, {
        value,
        enumerable: true,
        configurable: true,
        writable: true,
      });
    }
  }
  return row as unknown as Row;
}

export function resultSet(
  columns: readonly string[],
  rows: Row[],
  rowsAffected: number,
  lastInsertRowid: bigint | undefined,
): ResultSet {
  return {
    columns: [...columns],
    columnTypes: columns.map(() => ''),
    rows,
    rowsAffected,
    lastInsertRowid,
    toJSON: () => ({
      columns,
      rows: rows.map((row) => Array.from(row)),
      rowsAffected,
      lastInsertRowid: lastInsertRowid?.toString(),
    }),
  };
}

export function normalize(stmt: InStatement | [string, InArgs?]): { sql: string; args?: InArgs } {
  if (typeof stmt === 'string') return { sql: stmt };
  if (Array.isArray(stmt))
    return stmt[1] === undefined ? { sql: stmt[0] } : { sql: stmt[0], args: stmt[1] };
  return stmt;
}
