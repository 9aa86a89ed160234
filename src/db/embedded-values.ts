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

/** What every row holds: its values, out of reach of `Object.keys`, spreads and JSON. */
class DriverRow {
  readonly #values: readonly unknown[];
  constructor(values: readonly unknown[]) {
    this.#values = values;
  }
  static valueAt(row: DriverRow, index: number): unknown {
    return row.#values[index];
  }
}

/** A column name that would shadow the row's `length` or one of its indices. */
const shadows = (name: string, width: number) =>
  name === 'length' || (/^(0|[1-9]\d*)$/.test(name) && Number(name) < width);

/**
 * Makes the rows of one statement as `@libsql/client` shapes them: indexed (not enumerable)
 * and named (enumerable, the first of two same-named columns winning). The client defines
 * `2 × columns + 1` own properties on every row, which made 20 rows of 15 columns cost
 * ~330 µs with Drizzle's read of them; here `length` and the indices are getters on a
 * prototype built once per statement and each row holds its values, ~70–120 µs
 * (tools/bench/notes.md, tenth pass).
 *
 * @example
 * const toRow = rowsOf(['id', 'name']);
 * const row = toRow(['u1', 'ada']); // row[0] === 'u1', row.name === 'ada', Object.keys(row): id, name
 */
export function rowsOf(columns: readonly string[]): (values: unknown[]) => Row {
  const width = columns.length;
  const Shaped = class extends DriverRow {};
  Object.defineProperty(Shaped.prototype, 'length', { value: width });
  for (let i = 0; i < width; i++) {
    Object.defineProperty(Shaped.prototype, i, {
      get(this: DriverRow) {
        return DriverRow.valueAt(this, i);
      },
    });
  }
  const named: [number, string][] = [];
  columns.forEach((name, i) => {
    if (!shadows(name, width) && !named.some(([, taken]) => taken === name)) named.push([i, name]);
  });
  return (values) => {
    for (let i = 0; i < values.length; i++) values[i] = fromSql(values[i]);
    const row = new Shaped(values) as unknown as Record<string, unknown>;
    for (const [i, name] of named) row[name] = values[i];
    return row as unknown as Row;
  };
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
