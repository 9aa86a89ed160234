import Database from 'libsql';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  encodeValue,
  type ProtoDescribeResult,
  type ProtoError,
  type ProtoStmtResult,
  type SqlValue,
} from './protocol.ts';
import type { SqlStatement } from './sql.ts';

/** An error reported inside a Hrana result rather than failing the HTTP request. */
export class StmtError extends Error {
  readonly code: string;

  constructor(code: string, message: string) {
    super(message);
    this.code = code;
    this.name = 'StmtError';
  }
}

/** How long a statement may wait for a lock held by another stream, and when to give up. */
export interface BusyPolicy {
  readonly timeoutMs: number;
  readonly aborted: () => boolean;
}

interface SqliteErrorLike {
  readonly code: string;
  readonly message: string;
}

function isSqliteError(error: unknown): error is SqliteErrorLike {
  return (
    error instanceof Error &&
    'code' in error &&
    typeof error.code === 'string' &&
    error.code.startsWith('SQLITE_')
  );
}

/**
 * Maps an execution error to a Hrana error like sqld does: the primary SQLite code (e.g.
 * `SQLITE_CONSTRAINT`) and the message prefixed with `SQLite error: `.
 */
export function toProtoError(error: unknown): ProtoError {
  if (error instanceof StmtError) return { message: error.message, code: error.code };
  if (isSqliteError(error)) {
    const primary = error.code.split('_').slice(0, 2).join('_');
    return { message: `SQLite error: ${error.message}`, code: primary };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { message, code: 'INTERNAL_ERROR' };
}

const argsInvalid = (detail: string): StmtError =>
  new StmtError('ARGS_INVALID', `Arguments do not match SQL parameters: ${detail}`);

/**
 * Orders the arguments by SQLite parameter index, with sqld's rules: positional arguments
 * fill `?` and `?NNN`, named ones fill `:name`/`@name`/`$name` (given with or without the
 * prefix), and a missing or extra argument is an error.
 */
export function bindArgs(
  stmt: SqlStatement,
  args: readonly SqlValue[],
  namedArgs: ReadonlyMap<string, SqlValue>,
): SqlValue[] {
  if (args.length > 0 && namedArgs.size > 0) {
    throw new StmtError(
      'ARGS_BOTH_POSITIONAL_AND_NAMED',
      'Specifying both positional and named arguments is not supported',
    );
  }
  const given = Math.max(args.length, namedArgs.size);
  if (given > stmt.params.length) {
    throw argsInvalid(`too many parameters, expected ${stmt.params.length} found ${given}`);
  }
  return stmt.params.map((name, i) => {
    let key: string | undefined;
    if (name !== null && !name.startsWith('?')) {
      key = [name, name.slice(1)].find((candidate) => namedArgs.has(candidate));
    }
    const value =
      key === undefined ? (namedArgs.size > 0 ? undefined : args[i]) : namedArgs.get(key);
    if (value !== undefined) return value;
    // sqld lets EXPLAIN run with unbound parameters.
    if (stmt.isExplain) return null;
    throw argsInvalid(`value for parameter ${name ?? i + 1} not found`);
  });
}

function isBusy(error: unknown): error is SqliteErrorLike {
  return isSqliteError(error) && error.code.startsWith('SQLITE_BUSY');
}

/**
 * Runs `attempt` until it stops failing with SQLITE_BUSY. The waiting happens here, between
 * attempts, rather than in SQLite's busy handler: `libsql` calls are synchronous, so a busy
 * handler would freeze the event loop and with it the request that would free the lock.
 */
async function withBusyRetry<T>(policy: BusyPolicy, attempt: () => T): Promise<T> {
  const deadline = Date.now() + policy.timeoutMs;
  for (let delayMs = 1; ; delayMs = Math.min(delayMs * 2, 50)) {
    try {
      return attempt();
    } catch (error) {
      // A stale snapshot stays stale: retrying SQLITE_BUSY_SNAPSHOT cannot succeed.
      const retryable = isBusy(error) && error.code !== 'SQLITE_BUSY_SNAPSHOT';
      if (!retryable || Date.now() + delayMs > deadline || policy.aborted()) throw error;
      await sleep(delayMs);
    }
  }
}

const openDatabase = (path: string): Database.Database => new Database(path, { timeout: 0 });

/** One embedded libSQL connection to the database file: the connection of one stream. */
export class SqlConnection {
  readonly #path: string;
  #db: Database.Database;
  #changes: Database.Statement | undefined;
  /** Set when a transaction was rolled back behind the client's back, until it sends ROLLBACK. */
  #aborted = false;

  /** Opens `path` with SQLite's busy handler off (see {@link withBusyRetry}). */
  constructor(path: string) {
    this.#path = path;
    this.#db = openDatabase(path);
  }

  get isOpen(): boolean {
    return this.#db.open;
  }

  get isAutocommit(): boolean {
    return !this.#aborted && !this.#db.inTransaction;
  }

  /** Runs a single statement; `values` come from {@link bindArgs}. */
  async execute(
    stmt: SqlStatement,
    values: readonly SqlValue[],
    wantRows: boolean,
    policy: BusyPolicy,
  ): Promise<ProtoStmtResult> {
    const empty = { cols: [], rows: [], affected_row_count: 0, last_insert_rowid: null };
    if (this.#aborted) {
      if (!stmt.isRollback) {
        throw new StmtError(
          'TRANSACTION_ABORTED',
          'The transaction was rolled back because a statement waited too long for a lock; ' +
            'send ROLLBACK to go on',
        );
      }
      this.#aborted = false;
      return empty;
    }
    const prepared = await withBusyRetry(policy, () => this.#db.prepare(stmt.sql));
    const cols = prepared.columns().map((col) => ({ name: col.name, decltype: col.type }));
    let raw: unknown[][];
    try {
      // The values always go in one array: libsql treats a lone object argument as named
      // parameters and aborts the process on a Buffer or on `?` placeholders.
      raw = await withBusyRetry(policy, () => {
        if (prepared.reader)
          return prepared.raw(true).safeIntegers(true).all(values) as unknown[][];
        prepared.run(values);
        return [];
      });
    } catch (error) {
      if (isBusy(error)) this.#replaceAfterBusy();
      throw error;
    }
    const [changes, rowid] = stmt.isIud ? this.#lastChanges() : [0n, 0n];
    return {
      ...empty,
      cols,
      rows: wantRows ? raw.map((row) => row.map(encodeValue)) : [],
      affected_row_count: Number(changes),
      last_insert_rowid: stmt.isInsert ? rowid.toString() : null,
    };
  }

  /** Describes a statement without running it. */
  async describe(stmt: SqlStatement, policy: BusyPolicy): Promise<ProtoDescribeResult> {
    return withBusyRetry(policy, () => ({
      params: stmt.params.map((name) => ({ name })),
      cols: this.#db
        .prepare(stmt.sql)
        .columns()
        .map((col) => ({ name: col.name, decltype: col.type })),
      is_explain: stmt.isExplain,
      is_readonly: stmt.isReadonly,
    }));
  }

  /** Runs a PRAGMA or other setup statement that returns nothing of interest. */
  exec(sql: string): void {
    this.#db.exec(sql);
  }

  /** Closes the connection, rolling back an open transaction. Never throws. */
  close(): void {
    if (!this.#db.open) return;
    try {
      if (this.#db.inTransaction) this.#db.exec('ROLLBACK');
    } catch {
      // Closing rolls back anyway; the explicit ROLLBACK only makes it immediate.
    }
    this.#db.close();
  }

  /**
   * A statement that failed with SQLITE_BUSY stays active, as `libsql` has no way to reset it,
   * and an active statement keeps an implicit transaction open: later writes on this
   * connection would never commit. So the connection is replaced; an explicit transaction is
   * lost with it, and the stream refuses statements until the client sends ROLLBACK.
   */
  #replaceAfterBusy(): void {
    if (!this.#db.open) return;
    this.#aborted = this.#db.inTransaction;
    this.close();
    this.#db = openDatabase(this.#path);
    this.#changes = undefined;
  }

  #lastChanges(): [bigint, bigint] {
    this.#changes ??= this.#db
      .prepare('SELECT changes(), last_insert_rowid()')
      .raw(true)
      .safeIntegers(true);
    const row = this.#changes.get([]) as [bigint, bigint] | undefined;
    return row ?? [0n, 0n];
  }
}
