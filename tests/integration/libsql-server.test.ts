import { createClient, type Client, type Config } from '@libsql/client/web';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  createHranaServer,
  type HranaServer,
  type HranaServerOptions,
} from '../../tools/libsql-server/hrana.ts';
import { splitSql } from '../../tools/libsql-server/sql.ts';

interface Running {
  readonly server: HranaServer;
  readonly url: string;
  readonly port: number;
  readonly path: string;
}

let dir: string;
let fileCount = 0;
const servers: HranaServer[] = [];
const clients: Client[] = [];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'libsql-stand-in-'));
});

afterEach(async () => {
  for (const client of clients.splice(0)) client.close();
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

async function start(
  options: Partial<HranaServerOptions> = {},
  path = join(dir, `db-${++fileCount}.db`),
): Promise<Running> {
  const server = createHranaServer({ databasePath: path, ...options });
  servers.push(server);
  const { url, port } = await server.listen(0);
  return { server, url, port, path };
}

function client(url: string, config: Partial<Config> = {}): Client {
  const created = createClient({ url, ...config });
  clients.push(created);
  return created;
}

interface RawResponse {
  readonly status: number;
  readonly type: string | null;
  readonly body: Record<string, unknown>;
}

async function post(url: string, path: string, body: unknown): Promise<RawResponse> {
  const response = await fetch(new URL(path, url), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return {
    status: response.status,
    type: response.headers.get('content-type'),
    body: (await response.json()) as Record<string, unknown>,
  };
}

const execute = (sql: string) => ({ type: 'execute', stmt: { sql } });

async function rejection(promise: Promise<unknown>): Promise<Error & Record<string, unknown>> {
  try {
    await promise;
  } catch (error) {
    return error as Error & Record<string, unknown>;
  }
  throw new Error('expected a rejection');
}

describe('libsql stand-in: execute', () => {
  it('round-trips every value type with positional args', async () => {
    const { url } = await start();
    const db = client(url, { intMode: 'bigint' });
    await db.execute(
      'CREATE TABLE vals (id INTEGER PRIMARY KEY, i INTEGER, f REAL, t TEXT, b BLOB, n)',
    );

    const blob = new Uint8Array([0, 1, 127, 128, 255]);
    const insert = await db.execute({
      sql: 'INSERT INTO vals (i, f, t, b, n) VALUES (?, ?, ?, ?, ?)',
      args: [9_007_199_254_740_993n, 1.5, 'héllo 👋', blob, null],
    });
    expect(insert.rowsAffected).toBe(1);
    expect(insert.lastInsertRowid).toBe(1n);
    await db.execute({
      sql: 'INSERT INTO vals (i, f, t, b) VALUES (?, ?, ?, ?)',
      args: [-9_223_372_036_854_775_808n, -0.25, '', new Uint8Array(0)],
    });

    const rs = await db.execute('SELECT i, f, t, b, n, typeof(f) AS tf FROM vals ORDER BY id');
    expect(rs.columns).toEqual(['i', 'f', 't', 'b', 'n', 'tf']);
    expect(rs.columnTypes).toEqual(['INTEGER', 'REAL', 'TEXT', 'BLOB', '', '']);
    const [first, second] = rs.rows;
    expect(first?.i).toBe(9_007_199_254_740_993n);
    expect(first?.f).toBe(1.5);
    expect(first?.t).toBe('héllo 👋');
    expect(new Uint8Array(first?.b as ArrayBuffer)).toEqual(blob);
    expect(first?.n).toBeNull();
    expect(second?.i).toBe(-9_223_372_036_854_775_808n);
    expect(second?.f).toBe(-0.25);
    expect(second?.t).toBe('');
    expect((second?.b as ArrayBuffer).byteLength).toBe(0);
  });

  it('binds JS numbers as floats and bigints as integers, like sqld', async () => {
    const { url } = await start();
    const rs = await client(url).execute({
      sql: 'SELECT typeof(?) AS a, typeof(?) AS b, 42 AS n, ?2 AS second',
      args: [1, 7n],
    });
    expect(rs.rows[0]).toMatchObject({ a: 'real', b: 'integer', n: 42, second: 7 });
  });

  it('binds named args with or without their prefix', async () => {
    const { url } = await start();
    const db = client(url);
    const bare = await db.execute({
      sql: 'SELECT :a AS a, @b AS b, $c AS c, :a || @b AS ab',
      args: { a: 'x', b: 2, c: null },
    });
    // The client sends JS numbers as floats, so SQLite concatenates 2.0, as with sqld.
    expect(bare.rows[0]).toMatchObject({ a: 'x', b: 2, c: null, ab: 'x2.0' });
    const prefixed = await db.execute({ sql: 'SELECT :a AS a', args: { ':a': 'y' } });
    expect(prefixed.rows[0]?.a).toBe('y');
  });

  it('reports rowsAffected and lastInsertRowid only for DML, rows for RETURNING', async () => {
    const { url } = await start();
    const db = client(url);
    await db.execute('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)');
    const returning = await db.execute("INSERT INTO t (v) VALUES ('a'), ('b') RETURNING id, v");
    expect(returning.rowsAffected).toBe(2);
    expect(returning.lastInsertRowid).toBe(2n);
    expect(returning.rows.map((row) => row.v)).toEqual(['a', 'b']);

    const update = await db.execute("UPDATE t SET v = 'z'");
    expect(update.rowsAffected).toBe(2);
    expect(update.lastInsertRowid).toBeUndefined();

    const select = await db.execute('SELECT * FROM t');
    expect(select.rowsAffected).toBe(0);
    expect(select.lastInsertRowid).toBeUndefined();

    const cte = await db.execute('WITH gone AS (SELECT 1) DELETE FROM t WHERE id = 1');
    expect(cte.rowsAffected).toBe(1);
  });

  it('rejects wrong argument counts and multi-statement SQL', async () => {
    const { url } = await start();
    const db = client(url);
    const missing = await rejection(db.execute({ sql: 'SELECT ?, ?', args: [1] }));
    expect(missing.code).toBe('ARGS_INVALID');
    const extra = await rejection(db.execute({ sql: 'SELECT ?', args: [1, 2] }));
    expect(extra.code).toBe('ARGS_INVALID');
    const many = await rejection(db.execute('SELECT 1; SELECT 2'));
    expect(many.code).toBe('SQL_MANY_STATEMENTS');
    const none = await rejection(db.execute('  -- nothing'));
    expect(none.code).toBe('SQL_NO_STATEMENT');
  });

  it('maps a constraint error like sqld and stays usable', async () => {
    const { server, url } = await start();
    const db = client(url);
    await db.execute('CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT UNIQUE NOT NULL)');
    await db.execute("INSERT INTO users (email) VALUES ('a@example.com')");

    const error = await rejection(db.execute("INSERT INTO users (email) VALUES ('a@example.com')"));
    expect(error.code).toBe('SQLITE_CONSTRAINT');
    expect(error.message).toContain('UNIQUE constraint failed: users.email');

    const syntax = await rejection(db.execute('SELEC 1'));
    expect(syntax.code).toBe('SQLITE_ERROR');

    const count = await db.execute('SELECT count(*) AS n FROM users');
    expect(count.rows[0]?.n).toBe(1);
    expect(server.openStreams).toBe(0);
  });
});

describe('libsql stand-in: batches and transactions', () => {
  it('runs a batch in one transaction and rolls all of it back on failure', async () => {
    const { url } = await start();
    const db = client(url);
    await db.execute('CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT UNIQUE)');
    const ok = await db.batch(
      [
        { sql: 'INSERT INTO users (email) VALUES (?)', args: ['a'] },
        'SELECT count(*) AS n FROM users',
      ],
      'write',
    );
    expect(ok[0]?.lastInsertRowid).toBe(1n);
    expect(ok[1]?.rows[0]?.n).toBe(1);

    const error = await rejection(
      db.batch(
        [
          "INSERT INTO users (email) VALUES ('b')",
          "INSERT INTO users (email) VALUES ('c')",
          "INSERT INTO users (email) VALUES ('a')",
        ],
        'write',
      ),
    );
    expect(error.code).toBe('SQLITE_CONSTRAINT');
    expect(error.message).toContain('UNIQUE constraint failed: users.email');
    expect(error.statementIndex).toBe(2);

    const emails = await db.execute('SELECT email FROM users ORDER BY email');
    expect(emails.rows.map((row) => row.email)).toEqual(['a']);
  });

  it('commits an interactive transaction that others only see once committed', async () => {
    const { url } = await start();
    const db = client(url);
    const other = client(url);
    await db.execute('CREATE TABLE t (v TEXT)');

    const tx = await db.transaction('write');
    await tx.execute("INSERT INTO t VALUES ('in tx')");
    await tx.batch(["INSERT INTO t VALUES ('in tx batch')"]);
    expect((await tx.execute('SELECT count(*) AS n FROM t')).rows[0]?.n).toBe(2);
    expect((await other.execute('SELECT count(*) AS n FROM t')).rows[0]?.n).toBe(0);
    await tx.commit();

    expect((await other.execute('SELECT count(*) AS n FROM t')).rows[0]?.n).toBe(2);
  });

  it('rolls an interactive transaction back', async () => {
    const { server, url } = await start();
    const db = client(url);
    await db.execute('CREATE TABLE t (v TEXT)');

    const tx = await db.transaction('deferred');
    await tx.execute("INSERT INTO t VALUES ('gone')");
    expect(server.openStreams).toBe(1);
    await tx.rollback();

    expect((await db.execute('SELECT count(*) AS n FROM t')).rows[0]?.n).toBe(0);
    expect(server.openStreams).toBe(0);
  });

  it('runs executeMultiple as a sequence that stops at the first error', async () => {
    const { url } = await start();
    const db = client(url);
    await db.executeMultiple(`
      CREATE TABLE log (msg TEXT); -- a comment; with a semicolon
      CREATE TABLE t (v TEXT);
      CREATE TRIGGER t_log AFTER INSERT ON t BEGIN
        INSERT INTO log VALUES ('saw ' || new.v || ';');
      END;
      INSERT INTO t VALUES ('x');
    `);
    const log = await db.execute('SELECT msg FROM log');
    expect(log.rows[0]?.msg).toBe('saw x;');

    const error = await rejection(
      db.executeMultiple(
        "INSERT INTO t VALUES ('y'); INSERT INTO nope VALUES (1); INSERT INTO t VALUES ('z')",
      ),
    );
    expect(error.message).toContain('no such table: nope');
    const rows = await db.execute('SELECT v FROM t ORDER BY v');
    expect(rows.rows.map((row) => row.v)).toEqual(['x', 'y']);
  });

  it('runs migrate() with foreign keys off for its duration', async () => {
    const { url } = await start();
    const db = client(url);
    await db.migrate([
      'CREATE TABLE parent (id INTEGER PRIMARY KEY)',
      'CREATE TABLE child (parent_id INTEGER REFERENCES parent (id))',
      'INSERT INTO child VALUES (1)',
    ]);
    const fk = await db.execute('PRAGMA foreign_keys');
    expect(fk.rows[0]?.foreign_keys).toBe(1);
    const error = await rejection(db.execute('INSERT INTO child VALUES (2)'));
    expect(error.message).toContain('FOREIGN KEY constraint failed');
  });
});

describe('libsql stand-in: streams and concurrency', () => {
  it('makes a writer wait for another stream’s transaction instead of failing busy', async () => {
    const { url } = await start();
    const a = client(url);
    const b = client(url);
    await a.execute('CREATE TABLE t (who TEXT)');

    const tx = await a.transaction('write');
    await tx.execute("INSERT INTO t VALUES ('a')");
    let bDone = false;
    const bWrite = b.execute("INSERT INTO t VALUES ('b')").then(() => {
      bDone = true;
    });
    await sleep(150);
    expect(bDone).toBe(false);
    await tx.commit();
    await bWrite;

    const rows = await b.execute('SELECT who FROM t ORDER BY rowid');
    expect(rows.rows.map((row) => row.who)).toEqual(['a', 'b']);
  });

  it('gives up on a lock after busyTimeoutMs without losing later writes of the stream', async () => {
    const { url } = await start({ busyTimeoutMs: 100 });
    const db = client(url);
    await db.execute('CREATE TABLE t (v TEXT)');
    const tx = await db.transaction('write');
    await tx.execute("INSERT INTO t VALUES ('tx')");

    const plain = await post(url, '/v2/pipeline', {
      requests: [execute("INSERT INTO t VALUES ('busy')")],
    });
    expect(plain.body.results).toMatchObject([{ type: 'error', error: { code: 'SQLITE_BUSY' } }]);
    const inTx = await post(url, '/v2/pipeline', {
      requests: [
        execute('BEGIN DEFERRED'),
        execute("INSERT INTO t VALUES ('busy in tx')"),
        execute('SELECT 1'),
        execute('ROLLBACK'),
      ],
    });
    expect(inTx.body.results).toMatchObject([
      { type: 'ok' },
      { type: 'error', error: { code: 'SQLITE_BUSY' } },
      { type: 'error', error: { code: 'TRANSACTION_ABORTED' } },
      { type: 'ok' },
    ]);
    await tx.commit();

    for (const [baton, value] of [
      [plain.body.baton, 'later'],
      [inTx.body.baton, 'after rollback'],
    ]) {
      const later = await post(url, '/v2/pipeline', {
        baton,
        requests: [execute(`INSERT INTO t VALUES ('${String(value)}')`), { type: 'close' }],
      });
      expect(later.body.results).toMatchObject([{ type: 'ok' }, { type: 'ok' }]);
    }
    const rows = await db.execute('SELECT v FROM t ORDER BY rowid');
    expect(rows.rows.map((row) => row.v)).toEqual(['tx', 'later', 'after rollback']);
  });

  it('serves two clients writing concurrently', async () => {
    const { server, url } = await start();
    const a = client(url);
    const b = client(url);
    await a.execute('CREATE TABLE t (who TEXT, n INTEGER)');
    const writes = (db: Client, who: string) =>
      Array.from({ length: 25 }, (_, n) =>
        db.batch([{ sql: 'INSERT INTO t VALUES (?, ?)', args: [who, n] }], 'write'),
      );
    await Promise.all([...writes(a, 'a'), ...writes(b, 'b')]);
    const counts = await a.execute('SELECT who, count(*) AS n FROM t GROUP BY who ORDER BY who');
    expect(counts.rows.map((row) => [row.who, row.n])).toEqual([
      ['a', 25],
      ['b', 25],
    ]);
    expect(server.openStreams).toBe(0);
  });

  it('rejects unknown and already used batons', async () => {
    const { url } = await start();
    const unknown = await post(url, '/v2/pipeline', { baton: 'nope', requests: [] });
    expect(unknown.status).toBe(400);
    expect(unknown.type).toBe('application/json');
    expect(unknown.body).toMatchObject({ code: 'BATON_INVALID' });

    const opened = await post(url, '/v2/pipeline', {
      baton: null,
      requests: [execute('SELECT 1')],
    });
    const first = opened.body.baton as string;
    const next = await post(url, '/v2/pipeline', { baton: first, requests: [] });
    expect(next.status).toBe(200);
    const second = next.body.baton as string;
    expect(second).not.toBe(first);

    const reused = await post(url, '/v2/pipeline', { baton: first, requests: [] });
    expect(reused.status).toBe(400);
    expect(reused.body).toMatchObject({ code: 'BATON_REUSED' });
    const forged = await post(url, '/v2/pipeline', {
      baton: `${second.split('.')[0]}.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA`,
      requests: [],
    });
    expect(forged.body).toMatchObject({ code: 'BATON_REUSED' });

    const closed = await post(url, '/v2/pipeline', {
      baton: second,
      requests: [{ type: 'close' }],
    });
    expect(closed.body).toMatchObject({ baton: null, results: [{ type: 'ok' }] });
    const afterClose = await post(url, '/v2/pipeline', { baton: second, requests: [] });
    expect(afterClose.body).toMatchObject({ code: 'BATON_INVALID' });
  });

  it('expires an idle stream and rolls its transaction back', async () => {
    const { server, url } = await start({ streamIdleTimeoutMs: 300 });
    const db = client(url);
    const other = client(url);
    await db.execute('CREATE TABLE t (v TEXT)');

    const tx = await db.transaction('write');
    await tx.execute("INSERT INTO t VALUES ('abandoned')");
    const raw = await post(url, '/v2/pipeline', { requests: [execute('SELECT 1')] });
    expect(server.openStreams).toBe(2);
    // Expired by the server's idle timer (300 ms), however late a loaded machine runs it.
    await vi.waitFor(() => expect(server.openStreams).toBe(0), { timeout: 10_000, interval: 50 });

    const error = await rejection(tx.execute('SELECT 1'));
    expect(error.code).toBe('STREAM_EXPIRED');
    const late = await post(url, '/v2/pipeline', { baton: raw.body.baton, requests: [] });
    expect(late.body).toMatchObject({ code: 'STREAM_EXPIRED' });

    await other.execute("INSERT INTO t VALUES ('after')");
    const rows = await other.execute('SELECT v FROM t');
    expect(rows.rows.map((row) => row.v)).toEqual(['after']);
  });

  it('keeps the data in the file across restarts', async () => {
    const first = await start();
    const db = client(first.url);
    await db.execute('CREATE TABLE t (v TEXT)');
    await db.execute("INSERT INTO t VALUES ('kept')");
    await first.server.close();

    const second = await start({}, first.path);
    const rows = await client(second.url).execute('SELECT v FROM t');
    expect(rows.rows.map((row) => row.v)).toEqual(['kept']);
  });

  it('leaves nothing listening after close()', async () => {
    const { server, port } = await start();
    await client(`http://127.0.0.1:${port}`).execute('SELECT 1');
    await server.close();
    await server.close();
    const refused = await new Promise<string>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve('connected');
      });
      socket.once('error', (error: NodeJS.ErrnoException) => {
        resolve(error.code ?? 'error');
      });
    });
    expect(refused).toBe('ECONNREFUSED');
    await expect(server.listen(0)).rejects.toThrow('closed');
  });

  it('refuses to bind a non-loopback address', async () => {
    const server = createHranaServer({ databasePath: join(dir, 'never.db') });
    servers.push(server);
    await expect(server.listen(0, '0.0.0.0')).rejects.toThrow('loopback only');
  });
});

describe('libsql stand-in: HTTP surface', () => {
  it('answers bad requests with JSON errors and keeps serving', async () => {
    const { url } = await start();
    const malformed = await post(url, '/v2/pipeline', '{"requests": [');
    expect(malformed.status).toBe(400);
    expect(malformed.body).toMatchObject({ code: 'PROTOCOL_ERROR' });
    const badShape = await post(url, '/v2/pipeline', { requests: [{ type: 'launch' }] });
    expect(badShape.status).toBe(400);

    const missing = await fetch(new URL('/v1/whatever', url));
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ code: 'NOT_FOUND' });
    expect((await fetch(new URL('/v2/pipeline', url))).status).toBe(405);
    expect((await fetch(new URL('/v2', url))).status).toBe(200);
    // The hrana client probes protobuf first; a 404 makes it fall back to JSON v2.
    expect((await fetch(new URL('/v3-protobuf', url))).status).toBe(404);

    expect((await client(url).execute('SELECT 1 AS one')).rows[0]?.one).toBe(1);
  });

  it('serves Hrana 3 JSON with get_autocommit and is_autocommit conditions', async () => {
    const { url } = await start();
    const response = await post(url, '/v3/pipeline', {
      requests: [
        { type: 'get_autocommit' },
        execute('BEGIN'),
        { type: 'get_autocommit' },
        {
          type: 'batch',
          batch: {
            steps: [
              { stmt: { sql: 'SELECT 1' }, condition: { type: 'is_autocommit' } },
              {
                stmt: { sql: 'SELECT 2' },
                condition: { type: 'not', cond: { type: 'is_autocommit' } },
              },
              { stmt: { sql: 'SELECT nope' } },
              {
                stmt: { sql: 'SELECT 4' },
                condition: {
                  type: 'or',
                  conds: [
                    { type: 'error', step: 2 },
                    { type: 'ok', step: 0 },
                  ],
                },
              },
            ],
          },
        },
        { type: 'close' },
      ],
    });
    expect(response.status).toBe(200);
    const results = response.body.results as { response?: Record<string, unknown> }[];
    expect(results[0]?.response).toEqual({ type: 'get_autocommit', is_autocommit: true });
    expect(results[2]?.response).toEqual({ type: 'get_autocommit', is_autocommit: false });
    const batch = results[3]?.response?.result as Record<string, unknown[]>;
    expect(batch.step_results?.map((r) => r !== null)).toEqual([false, true, false, true]);
    expect(batch.step_errors?.[2]).toMatchObject({ code: 'SQLITE_ERROR' });

    const v2 = await post(url, '/v2/pipeline', { requests: [{ type: 'get_autocommit' }] });
    expect(v2.status).toBe(400);
  });

  it('stores SQL texts and describes statements', async () => {
    const { url } = await start();
    const response = await post(url, '/v2/pipeline', {
      requests: [
        { type: 'store_sql', sql_id: 1, sql: 'SELECT ? AS x' },
        {
          type: 'execute',
          stmt: { sql_id: 1, args: [{ type: 'integer', value: '-5' }] },
        },
        { type: 'close_sql', sql_id: 1 },
        { type: 'describe', sql: 'SELECT :a AS a, ?3 AS c' },
        { type: 'close' },
      ],
    });
    const results = response.body.results as { response: { result?: unknown } }[];
    expect(results[1]?.response.result).toEqual({
      cols: [{ name: 'x', decltype: null }],
      rows: [[{ type: 'integer', value: '-5' }]],
      affected_row_count: 0,
      last_insert_rowid: null,
    });
    expect(results[3]?.response.result).toEqual({
      params: [{ name: ':a' }, { name: null }, { name: '?3' }],
      cols: [
        { name: 'a', decltype: null },
        { name: 'c', decltype: null },
      ],
      is_explain: false,
      is_readonly: true,
    });

    const gone = await post(url, '/v2/pipeline', {
      requests: [{ type: 'execute', stmt: { sql_id: 1 } }],
    });
    expect(gone.status).toBe(400);
  });

  it('requires the bearer token when one is configured', async () => {
    const { url } = await start({ authToken: 's3cret' });
    const anonymous = await rejection(client(url).execute('SELECT 1'));
    expect(anonymous.code).toBe('UNAUTHORIZED');
    const wrong = await rejection(client(url, { authToken: 'nope' }).execute('SELECT 1'));
    expect(wrong.code).toBe('UNAUTHORIZED');
    const rs = await client(url, { authToken: 's3cret' }).execute('SELECT 1 AS one');
    expect(rs.rows[0]?.one).toBe(1);
  });
});

describe('libsql stand-in: splitSql', () => {
  it('splits on semicolons outside strings, comments and trigger bodies', () => {
    const statements = splitSql(`
      SELECT 'a;b', "c;d" /* ; */ ; -- ;
      CREATE TEMP TRIGGER x AFTER INSERT ON t BEGIN SELECT CASE WHEN 1 THEN 2 END; END;
      ;
      INSERT INTO t VALUES (?, :n, ?5, ?)`);
    expect(statements.map((s) => s.sql.split(/\s+/)[0])).toEqual(['SELECT', 'CREATE', 'INSERT']);
    expect(statements[1]?.sql.endsWith('END; END')).toBe(true);
    expect(statements[2]?.params).toEqual([null, ':n', null, null, '?5', null]);
    expect(statements[2]).toMatchObject({ isInsert: true, isIud: true });
  });
});
