import type {
  Client,
  InArgs,
  InStatement,
  Replicated,
  ResultSet,
  Row,
  Transaction,
  TransactionMode,
} from '@libsql/client';
import Database from 'libsql';
import { closeSync, mkdirSync, openSync, readSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fromSql, normalize, resultSet, rowsOf, toArgs } from './embedded-values.ts';

/**
 * The Node process's embedded libSQL database (`file:` URLs), as the `Client` Drizzle's
 * libSQL driver expects: one connection, statements prepared once and reused, and the
 * fault handling `@libsql/client`'s own `file:` client lacks.
 *
 * Why not `@libsql/client` here: a statement that fails with `SQLITE_BUSY` is never
 * finalized, and its connection then silently stays inside a transaction that never
 * commits (tursodatabase/libsql-client-ts#352, libsql-js#228): every later "successful"
 * write is lost, and a failed read keeps a lock no other process can get past; its
 * `busy_timeout` is not honoured either (libsql-client-ts#288). `inTransaction` does not
 * show that state, so it cannot be detected, only avoided. The rules here:
 *
 * - **Any failure but a constraint violation throws the connection away** (closing it
 *   rolls back and releases every lock); the next call opens a fresh one.
 * - **A lock held by another process is waited for**, boundedly: `SQLITE_BUSY` is retried
 *   with backoff for `busyTimeoutMs` (async sleeps: the event loop keeps serving) and then
 *   thrown. A retry is safe: a busy statement or batch did nothing.
 * - **Writes go to the file the server was started on**: before a write the path is checked
 *   to still be that file; a file that is gone is a fault (never silently re-created), a
 *   file that was replaced (restored from a copy) is reopened.
 * - Batches are one transaction, `BEGIN IMMEDIATE` when they write, so a lock is met before
 *   any work rather than at `COMMIT`. Interactive transactions are not offered: on one
 *   shared connection they would interleave with other requests' statements.
 */
export interface EmbeddedClient extends Client, FirstRowReader, DataVersionSource {
  /** Proves a write could happen now: the file is there and writable, the write lock free. */
  probeWritable(): Promise<void>;
}

/**
 * A client that can tell, without a transaction, whether its database may have changed.
 */
export interface DataVersionSource {
  /**
   * A value that changes whenever a write transaction commits to the database, by this
   * process or any other, or when the client moves to another file: the 16 bytes SQLite
   * itself compares to know its page cache is still valid (the file change counter, the
   * size, the freelist; offsets 24–39 of the header), read with one `pread` and no lock.
   * Undefined when it cannot be known: an in-memory database, a file in WAL mode (whose
   * commits leave that counter alone), a header that cannot be read.
   *
   * Equal values mean no write committed in between. A write in progress may not show yet:
   * what it changes is not committed either.
   */
  dataVersion(): string | undefined;
}

/**
 * A client that can run a select for its first row alone. On the embedded file that is one
 * call into the driver (`Statement.get`), where a whole result set goes through the driver's
 * row iterator: a native cursor object and a 100-slot buffer per query, which the garbage
 * collector then has to finalize. Measured on the principal read of every authenticated
 * request: 8–10% of a GET by id's time (tools/bench/notes.md, fourth pass).
 */
export interface FirstRowReader {
  /**
   * The values of a select's first row, by position (as `execute`'s row holds them), or
   * undefined when it has none. Only selects are accepted. No row object is built: its named
   * and non-enumerable indexed properties are defined one by one, a measured share of the read.
   */
  executeFirst(stmt: InStatement): Promise<readonly unknown[] | undefined>;
}

export interface EmbeddedClientOptions {
  /** A file path, or `:memory:`. */
  readonly path: string;
  /** How long a lock held by another connection is waited for. Default 5 000 ms. */
  readonly busyTimeoutMs?: number;
  /** Prepared statements kept per connection. Default 256. */
  readonly statementCacheSize?: number;
  /** Told when an operation first meets a lock and starts waiting (for a debug log line). */
  readonly onBusy?: (code: string) => void;
}

/** A failure of the embedded database, with SQLite's code (`SQLITE_BUSY`, …). */
export class EmbeddedDatabaseError extends Error {
  readonly code: string;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'EmbeddedDatabaseError';
    this.code = code;
  }
}

interface Prepared {
  readonly statement: Database.Statement;
  readonly reader: boolean;
  readonly columns: readonly string[];
  /** Its rows as `@libsql/client` shapes them (a reader's). */
  readonly toRow: (values: unknown[]) => Row;
}

interface Connection {
  readonly db: Database.Database;
  readonly statements: Map<string, Prepared>;
  /** The file's identity when opened: a replaced file is another database. */
  readonly identity: string | undefined;
  /** The file opened read-only for `dataVersion`'s header reads (none in memory). */
  readonly headerFd: number | undefined;
  /** Which connection of this client it is: each reopening is another. */
  readonly serial: number;
}

/** The header bytes `dataVersion` reads: the format versions (18, 19) to the freelist count (36–39). */
const HEADER_START = 18;
const HEADER_LENGTH = 22;
/** Where, in the header, the 16 bytes SQLite compares to validate its page cache start. */
const VERSION_START = 24;

const IDENTITY_CHECK_FOR_READS_MS = 1_000;

/** Drizzle's reads start with `select`; anything else is treated as a write. */
const isRead = (sql: string) => /^\s*select\b/i.test(sql);

function errorCode(error: unknown): string {
  return error instanceof Error && 'code' in error && typeof error.code === 'string'
    ? error.code
    : 'UNKNOWN';
}

const isBusy = (code: string) => code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED');

function fileIdentity(path: string): string | undefined {
  try {
    const stat = statSync(path);
    return `${stat.dev}:${stat.ino}`;
  } catch {
    return undefined;
  }
}

/**
 * Opens the embedded database at `path` (its folder is created; the file too, the first
 * time only).
 *
 * @example
 * const client = createEmbeddedClient({ path: '.data/app.db' });
 * const db = drizzle(client, { schema });
 */
export function createEmbeddedClient(options: EmbeddedClientOptions): EmbeddedClient {
  const { path, busyTimeoutMs = 5_000, statementCacheSize = 256, onBusy } = options;
  const inMemory = path === ':memory:' || path === '';
  let connection: Connection | undefined;
  let closed = false;
  let identityCheckedAt = 0;
  let serial = 0;
  const header = Buffer.alloc(HEADER_LENGTH);

  function open(firstTime: boolean): Connection {
    let identity: string | undefined;
    if (!inMemory) {
      if (firstTime) mkdirSync(dirname(path), { recursive: true });
      identity = fileIdentity(path);
      // Re-creating a vanished file would answer every later request from an empty database.
      if (!firstTime && identity === undefined) {
        throw new EmbeddedDatabaseError('SQLITE_CANTOPEN', 'the database file is missing');
      }
    }
    let db: Database.Database;
    try {
      db = new Database(inMemory ? ':memory:' : path);
      db.exec('PRAGMA foreign_keys = ON');
    } catch (error) {
      throw new EmbeddedDatabaseError(errorCode(error), 'the database cannot be opened', {
        cause: error,
      });
    }
    identity ??= inMemory ? undefined : fileIdentity(path);
    identityCheckedAt = Date.now();
    return { db, statements: new Map(), identity, headerFd: openHeader(), serial: ++serial };
  }

  /** The file opened read-only for header reads, or none (in memory, or it cannot be). */
  function openHeader(): number | undefined {
    if (inMemory) return undefined;
    try {
      return openSync(path, 'r');
    } catch {
      return undefined;
    }
  }

  function discard(): void {
    const current = connection;
    connection = undefined;
    if (!current) return;
    current.statements.clear();
    try {
      current.db.close();
    } catch {
      // Closing a broken connection can fail too; it is gone either way.
    }
    try {
      if (current.headerFd !== undefined) closeSync(current.headerFd);
    } catch {
      // As above.
    }
  }

  /** The connection to use now: opened, reopened after a fault, or checked for identity. */
  function use(writes: boolean): Connection {
    if (closed) throw new EmbeddedDatabaseError('CLIENT_CLOSED', 'the database client is closed');
    if (
      connection &&
      !inMemory &&
      (writes || Date.now() - identityCheckedAt > IDENTITY_CHECK_FOR_READS_MS)
    ) {
      const now = fileIdentity(path);
      identityCheckedAt = Date.now();
      if (now === undefined) {
        discard();
        throw new EmbeddedDatabaseError('SQLITE_CANTOPEN', 'the database file is missing');
      }
      if (now !== connection.identity) discard();
    }
    connection ??= open(false);
    return connection;
  }

  function prepare(conn: Connection, sql: string): Prepared {
    const cached = conn.statements.get(sql);
    if (cached) return cached;
    const statement = conn.db.prepare(sql);
    const reader = statement.reader;
    if (reader) statement.raw(true);
    const columns = reader ? statement.columns().map((column) => column.name) : [];
    const prepared: Prepared = { statement, reader, columns, toRow: rowsOf(columns) };
    if (conn.statements.size >= statementCacheSize) {
      const oldest = conn.statements.keys().next().value;
      if (oldest !== undefined) conn.statements.delete(oldest);
    }
    conn.statements.set(sql, prepared);
    return prepared;
  }

  function first(conn: Connection, sql: string, args: InArgs | undefined): unknown[] | undefined {
    const values = prepare(conn, sql).statement.get(toArgs(args)) as unknown[] | undefined;
    return values?.map(fromSql);
  }

  function run(conn: Connection, sql: string, args: InArgs | undefined): ResultSet {
    const { statement, reader, columns, toRow } = prepare(conn, sql);
    const bound = toArgs(args);
    if (reader) {
      const rows = (statement.all(bound) as unknown[][]).map(toRow);
      return resultSet(columns, rows, 0, undefined);
    }
    const info = statement.run(bound);
    return resultSet([], [], info.changes, BigInt(info.lastInsertRowid));
  }

  /**
   * Runs synchronous work on the connection; on a failure throws the connection away
   * (but for constraint violations, which leave it sound) and retries a busy lock until
   * `busyTimeoutMs` has passed.
   */
  async function guarded<T>(writes: boolean, work: (conn: Connection) => T): Promise<T> {
    const deadline = Date.now() + busyTimeoutMs;
    for (let attempt = 0; ; attempt++) {
      let conn: Connection | undefined;
      try {
        conn = use(writes);
        return work(conn);
      } catch (error) {
        const code = errorCode(error);
        if (conn) settleAfterFailure(conn, code);
        // A connection opened read-only while the file was unwritable stays so: one fresh try.
        if (code.startsWith('SQLITE_READONLY') && attempt === 0) continue;
        if (isBusy(code) && Date.now() < deadline) {
          if (attempt === 0) onBusy?.(code);
          await sleep(Math.min(5 * 2 ** attempt, 100));
          continue;
        }
        if (error instanceof EmbeddedDatabaseError) throw error;
        throw new EmbeddedDatabaseError(
          code,
          error instanceof Error ? error.message : String(error),
          { cause: error },
        );
      }
    }
  }

  /** A constraint violation leaves the connection sound (its batch is rolled back); any other failure may not. */
  function settleAfterFailure(conn: Connection, code: string): void {
    if (!code.startsWith('SQLITE_CONSTRAINT')) {
      discard();
      return;
    }
    try {
      if (conn.db.inTransaction) conn.db.exec('ROLLBACK');
    } catch {
      discard();
    }
  }

  function inTransaction<T>(conn: Connection, begin: string, work: () => T): T {
    conn.db.exec(begin);
    const result = work();
    conn.db.exec('COMMIT');
    return result;
  }

  const client: EmbeddedClient = {
    protocol: 'file',
    get closed() {
      return closed;
    },

    execute(stmtOrSql: InStatement, args?: InArgs): Promise<ResultSet> {
      const { sql, args: given } =
        typeof stmtOrSql === 'string' ? { sql: stmtOrSql, args } : stmtOrSql;
      return guarded(!isRead(sql), (conn) => run(conn, sql, given));
    },

    executeFirst(stmt: InStatement): Promise<readonly unknown[] | undefined> {
      const { sql, args } = normalize(stmt);
      if (!isRead(sql)) {
        return Promise.reject(
          new EmbeddedDatabaseError('SQLITE_MISUSE', 'executeFirst runs selects only'),
        );
      }
      return guarded(false, (conn) => first(conn, sql, args));
    },

    batch(stmts, _mode?: TransactionMode): Promise<ResultSet[]> {
      const statements = stmts.map(normalize);
      const writes = statements.some(({ sql }) => !isRead(sql));
      return guarded(writes, (conn) =>
        inTransaction(conn, writes ? 'BEGIN IMMEDIATE' : 'BEGIN DEFERRED', () =>
          statements.map(({ sql, args }) => run(conn, sql, args)),
        ),
      );
    },

    migrate(stmts: InStatement[]): Promise<ResultSet[]> {
      const statements = stmts.map(normalize);
      return guarded(true, (conn) => {
        conn.db.exec('PRAGMA foreign_keys = OFF');
        try {
          return inTransaction(conn, 'BEGIN IMMEDIATE', () =>
            statements.map(({ sql, args }) => run(conn, sql, args)),
          );
        } finally {
          // The schema changed: statements prepared against the old one are dropped.
          conn.statements.clear();
          conn.db.exec('PRAGMA foreign_keys = ON');
        }
      });
    },

    executeMultiple(sql: string): Promise<void> {
      return guarded(true, (conn) => {
        conn.db.exec(sql);
        conn.statements.clear();
      });
    },

    transaction(): Promise<Transaction> {
      return Promise.reject(
        new EmbeddedDatabaseError(
          'TRANSACTION_UNSUPPORTED',
          'interactive transactions are not offered on the shared connection: use batch',
        ),
      );
    },

    sync(): Promise<Replicated> {
      return Promise.resolve(undefined);
    },

    dataVersion(): string | undefined {
      let conn: Connection;
      try {
        conn = use(false);
      } catch {
        return undefined;
      }
      if (conn.headerFd === undefined) return undefined;
      let read: number;
      try {
        read = readSync(conn.headerFd, header, 0, HEADER_LENGTH, HEADER_START);
      } catch {
        return undefined;
      }
      // 1 and 1: a rollback-journal database (2 is WAL). A new, empty file has no header yet.
      if (read < HEADER_LENGTH || header[0] !== 1 || header[1] !== 1) return undefined;
      return `${conn.serial}:${header.toString('hex', VERSION_START - HEADER_START)}`;
    },

    async probeWritable(): Promise<void> {
      if (!inMemory) {
        // Opening for writing fails on a read-only, immutable or vanished file, as a write would.
        try {
          closeSync(openSync(path, 'r+'));
        } catch (error) {
          throw new EmbeddedDatabaseError(
            errorCode(error) === 'ENOENT' ? 'SQLITE_CANTOPEN' : 'SQLITE_READONLY',
            'the database file cannot be written',
            { cause: error },
          );
        }
      }
      // One attempt, no waiting: is the write lock free now?
      const conn = use(true);
      try {
        conn.db.exec('BEGIN IMMEDIATE');
        conn.db.exec('ROLLBACK');
      } catch (error) {
        discard();
        throw new EmbeddedDatabaseError(errorCode(error), 'the database cannot take a write now', {
          cause: error,
        });
      }
      return Promise.resolve();
    },

    reconnect(): void {
      discard();
      closed = false;
    },

    close(): void {
      closed = true;
      discard();
    },
  };
  connection = open(true);
  return client;
}
