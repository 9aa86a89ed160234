import Database from 'libsql';
import { execFile, execFileSync, spawn } from 'node:child_process';
import { EventEmitter, once } from 'node:events';
import { copyFileSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/configs/config.ts';
import { createLogger } from '../../src/kit/log/logger.ts';
import { startServer, type RunningServer } from '../../src/server.ts';
import { registration } from '../support/registration.ts';

/*
 * The storage-fault promises of the Node server, on real files and a real second process:
 * no acknowledged write is lost, no lock is kept after answering, faults are 503s with
 * Retry-After, `/ready` tells the truth, and everything heals without a restart.
 */

const LOCK_HOLDER = fileURLToPath(new URL('../support/lock-holder.mjs', import.meta.url));
const folder = mkdtempSync(join(tmpdir(), 'user-api-faults-'));
const running: RunningServer[] = [];
let databases = 0;

afterEach(async () => {
  await Promise.all(running.splice(0).map((server) => server.close()));
});
afterAll(() => {
  rmSync(folder, { recursive: true, force: true });
});

/**
 * How long another process keeps trying for the lock: the server's own write transactions
 * (the outbox's send half a second after a registration, its timer) hold it for
 * milliseconds, so a lock held by the server for longer than this is a lock it kept.
 */
const LOCK_WAIT_MS = 1_000;
/** Every test user's password. */
const PASSWORD = 'correct horse battery staple';

/**
 * Another process holding the write lock until `release`: `exclusive` (BEGIN EXCLUSIVE, as
 * `sqlite3`'s own example) keeps readers out too; `immediate` (BEGIN IMMEDIATE, as a second
 * writer mid-transaction) lets them read. It retries while the lock is busy, for up to
 * `LOCK_WAIT_MS`, as a second process would wait out the server's own short writes.
 */
async function holdLock(
  path: string,
  mode: 'exclusive' | 'immediate' = 'exclusive',
): Promise<{ release: () => Promise<void> }> {
  const giveUpAt = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    const child = spawn(process.execPath, [LOCK_HOLDER, path, mode], {
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    const exited = once(child, 'exit');
    const [first] = (await once(createInterface({ input: child.stdout }), 'line')) as [string];
    if (first === 'locked') {
      return {
        release: async () => {
          child.stdin.write('release\n');
          await exited;
        },
      };
    }
    await exited;
    if (first !== 'busy' || Date.now() >= giveUpAt) {
      throw new Error(`the lock holder could not lock: ${first}`);
    }
    await sleep(25);
  }
}

/** Whether another process can take the write lock within `LOCK_WAIT_MS` (the server keeps none). */
async function anotherProcessCanLock(path: string): Promise<boolean> {
  try {
    const lock = await holdLock(path);
    await lock.release();
    return true;
  } catch {
    return false;
  }
}

/** The `n` a one-row count query answers, read by another connection. */
function countRows(path: string, query: string): number {
  const db = new Database(path);
  try {
    return (db.prepare(query).get() as { n: number }).n;
  } finally {
    db.close();
  }
}

function countUsers(path: string, usernames: readonly string[]): number {
  const db = new Database(path);
  try {
    const placeholders = usernames.map(() => '?').join(', ');
    const row = db
      .prepare(`select count(*) as n from users where username in (${placeholders})`)
      .get(usernames) as { n: number };
    return row.n;
  } finally {
    db.close();
  }
}

async function serve(overrides: Record<string, string> = {}) {
  const path = join(folder, `app-${++databases}.db`);
  const lines: string[] = [];
  const config = loadConfig({
    DATABASE_URL: `file:${path}`,
    JWT_SECRET: 'storage-faults-secret-of-32-bytes-or-more',
    LOG_LEVEL: 'debug',
    ...overrides,
  });
  const logged = new EventEmitter();
  const logger = createLogger({
    level: 'debug',
    write: (line) => {
      lines.push(line);
      logged.emit('line', line);
    },
  });
  /** Resolves when the server logs a line whose `msg` is `msg`. */
  const logs = (msg: string) =>
    new Promise<void>((resolve) => {
      const listener = (line: string) => {
        if ((JSON.parse(line) as { msg: string }).msg !== msg) return;
        logged.off('line', listener);
        resolve();
      };
      logged.on('line', listener);
    });
  const server = await startServer({ ...config, PORT: 0 }, '127.0.0.1', logger);
  running.push(server);
  const register = (username: string) =>
    fetch(`${server.url}/api/v1/users`, registration(username, PASSWORD));
  const ready = () => fetch(`${server.url}/ready`);
  /** Logs `username` in; what it answers GETs an API path with that access token. */
  const logIn = async (username: string) => {
    const login = await fetch(`${server.url}/api/v1/auth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ login: username, password: PASSWORD }),
    });
    const { accessToken } = (await login.json()) as { accessToken: string };
    return (path: string) =>
      fetch(`${server.url}/api/v1${path}`, { headers: { authorization: `Bearer ${accessToken}` } });
  };
  const stop = async () => {
    running.splice(running.indexOf(server), 1);
    await server.close();
  };
  return { path, server, lines, logs, register, ready, logIn, stop };
}

async function expectUnavailable(response: Response): Promise<void> {
  expect(response.status).toBe(503);
  expect(response.headers.get('retry-after')).toBe('5');
  expect(response.headers.get('content-type')).toBe('application/problem+json');
  expect(await response.json()).toMatchObject({ code: 'SERVICE_UNAVAILABLE', status: 503 });
}

describe('storage faults on the embedded database', () => {
  it('waits for a lock another process holds and keeps every acknowledged write', async () => {
    const app = await serve();
    const lock = await holdLock(app.path);
    const waiting = app.logs('database locked by another connection: waiting');
    const during = app.register('during_lock');
    await waiting;
    await lock.release();
    expect((await during).status).toBe(201);
    const after = ['after_one', 'after_two', 'after_three', 'after_four', 'after_five'];
    for (const username of after) expect((await app.register(username)).status).toBe(201);
    await app.stop();
    expect(countUsers(app.path, ['during_lock', ...after])).toBe(6);
    expect(await anotherProcessCanLock(app.path)).toBe(true);
  });

  it('answers a lock held past the bound with 503, then keeps every later write', async () => {
    const app = await serve({ DATABASE_BUSY_TIMEOUT_MS: '150' });
    const lock = await holdLock(app.path);
    await expectUnavailable(await app.register('met_the_lock'));
    await expectUnavailable(await app.ready());
    await lock.release();
    const after = ['kept_one', 'kept_two', 'kept_three', 'kept_four', 'kept_five'];
    for (const username of after) expect((await app.register(username)).status).toBe(201);
    expect((await app.ready()).status).toBe(200);
    // Another process can take the write lock while the server still runs: it holds none.
    expect(await anotherProcessCanLock(app.path)).toBe(true);
    await app.stop();
    expect(countUsers(app.path, after)).toBe(5);
    expect(countUsers(app.path, ['met_the_lock'])).toBe(0);
  });

  it('answers every account write that meets the lock with 503 and writes none of it', async () => {
    const app = await serve({ DATABASE_BUSY_TIMEOUT_MS: '150' });
    const password = PASSWORD;
    const call = (method: string, path: string, body?: unknown, token?: string) =>
      fetch(`${app.server.url}/api/v1${path}`, {
        method,
        headers: {
          'content-type': 'application/json',
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    const registered = await app.register('account');
    const { id } = (await registered.json()) as { id: string };
    const logIn = () => call('POST', '/auth/token', { login: 'account', password });
    const session = (await (await logIn()).json()) as {
      accessToken: string;
      refreshToken: string;
    };
    const { accessToken, refreshToken } = session;
    const listed = await call('GET', `/users/${id}/sessions`, undefined, accessToken);
    const [{ id: sessionId }] = ((await listed.json()) as { items: [{ id: string }] }).items;
    const emailsBefore = countRows(app.path, 'select count(*) as n from email_outbox');

    const lock = await holdLock(app.path, 'immediate');
    try {
      await expectUnavailable(await logIn());
      await expectUnavailable(await call('POST', '/auth/refresh', { refreshToken }));
      await expectUnavailable(await call('POST', '/auth/logout', { refreshToken }));
      await expectUnavailable(
        await call(
          'POST',
          `/users/${id}/password`,
          { currentPassword: password, newPassword: 'a brand new phrase 7' },
          accessToken,
        ),
      );
      await expectUnavailable(
        await call('DELETE', `/users/${id}/sessions`, undefined, accessToken),
      );
      await expectUnavailable(
        await call('PATCH', `/users/${id}`, { username: 'renamed' }, accessToken),
      );
      await expectUnavailable(
        await call('DELETE', `/users/${id}/sessions/${sessionId}`, undefined, accessToken),
      );
      await expectUnavailable(
        await call('POST', `/users/${id}/verification-email`, undefined, accessToken),
      );
      await expectUnavailable(await call('DELETE', `/users/${id}`, undefined, accessToken));
      // A reset request answers before its work; the work meets the lock after the answer.
      const resetFailed = app.logs('password reset request failed');
      expect(
        (await call('POST', '/auth/password-reset', { email: 'account@example.com' })).status,
      ).toBe(202);
      await resetFailed;
      // Reads go on: the lock holder lets them.
      expect((await call('GET', '/users/me', undefined, accessToken)).status).toBe(200);
    } finally {
      await lock.release();
    }

    expect(await anotherProcessCanLock(app.path)).toBe(true);
    const me = await call('GET', '/users/me', undefined, accessToken);
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ username: 'account' });
    const sessions = await call('GET', `/users/${id}/sessions`, undefined, accessToken);
    expect(((await sessions.json()) as { items: unknown[] }).items).toHaveLength(1);
    const refreshed = await call('POST', '/auth/refresh', { refreshToken });
    expect(refreshed.status).toBe(200);
    expect((await logIn()).status).toBe(200);
    const entries = app.lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(entries.filter((entry) => entry.level === 'error')).toEqual([]);
    await app.stop();
    expect(countUsers(app.path, ['account'])).toBe(1);
    expect(countUsers(app.path, ['renamed'])).toBe(0);
    expect(countRows(app.path, 'select count(*) as n from email_outbox')).toBe(emailsBefore);
    const resets = "select count(*) as n from one_time_tokens where purpose = 'password-reset'";
    expect(countRows(app.path, resets)).toBe(0);
  });

  it('leaves no lock behind after a read that met one', async () => {
    const app = await serve({ DATABASE_BUSY_TIMEOUT_MS: '150' });
    expect((await app.register('reader')).status).toBe(201);
    const asReader = await app.logIn('reader');
    const me = () => asReader('/users/me');
    const lock = await holdLock(app.path);
    await expectUnavailable(await me());
    await lock.release();
    expect(await anotherProcessCanLock(app.path)).toBe(true);
    expect((await me()).status).toBe(200);
    expect((await app.register('writer_after_read')).status).toBe(201);
    await app.stop();
    expect(countUsers(app.path, ['reader', 'writer_after_read'])).toBe(2);
  });

  it('answers 503 while the file cannot be written, and heals without a restart', async () => {
    const app = await serve();
    expect((await app.register('before_fault')).status).toBe(201);
    execFileSync('chattr', ['+i', app.path]);
    try {
      await expectUnavailable(await app.register('during_fault'));
      const ready = await app.ready();
      expect(ready.status).toBe(503);
      expect(((await ready.json()) as { detail: string }).detail).toContain('database');
    } finally {
      execFileSync('chattr', ['-i', app.path]);
    }
    expect((await app.register('after_fault')).status).toBe(201);
    expect((await app.ready()).status).toBe(200);
    await app.stop();
    expect(countUsers(app.path, ['before_fault', 'after_fault'])).toBe(2);
    expect(countUsers(app.path, ['during_fault'])).toBe(0);
  });

  it('answers 503 while the file is moved away, and heals when it is back', async () => {
    const app = await serve();
    expect((await app.register('before_move')).status).toBe(201);
    renameSync(app.path, `${app.path}.moved`);
    await expectUnavailable(await app.register('while_moved'));
    await expectUnavailable(await app.ready());
    renameSync(`${app.path}.moved`, app.path);
    expect((await app.register('after_move')).status).toBe(201);
    await app.stop();
    expect(countUsers(app.path, ['before_move', 'after_move'])).toBe(2);
  });

  it('writes into a file restored from a copy, not into the one it replaced', async () => {
    const app = await serve();
    expect((await app.register('in_backup')).status).toBe(201);
    copyFileSync(app.path, `${app.path}.backup`);
    rmSync(app.path);
    renameSync(`${app.path}.backup`, app.path);
    expect((await app.register('after_restore')).status).toBe(201);
    await app.stop();
    expect(countUsers(app.path, ['in_backup', 'after_restore'])).toBe(2);
  });

  it('logs a storage fault as a warning naming the operation, never as an error', async () => {
    const app = await serve({ DATABASE_BUSY_TIMEOUT_MS: '0' });
    const lock = await holdLock(app.path);
    await expectUnavailable(await app.register('logged'));
    await lock.release();
    const entries = app.lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(entries.filter((entry) => entry.level === 'error')).toEqual([]);
    expect(entries).toContainEqual(
      expect.objectContaining({
        level: 'warn',
        msg: 'dependency unavailable',
        cause: 'database operation users.insert failed (SQLITE_BUSY)',
      }),
    );
  });
});

/** One statement run by a connection of its own, as a second process or `sqlite3` would. */
function writeWith(path: string, statement: string): void {
  const db = new Database(path);
  try {
    expect(db.prepare(statement).run().changes).toBe(1);
  } finally {
    db.close();
  }
}

/** The command line, a process of its own, on the server's database. */
function cli(path: string, args: string[]) {
  return promisify(execFile)(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], {
    env: { ...process.env, DATABASE_URL: `file:${path}`, LOG_LEVEL: 'error' },
  });
}

async function expectAnswer(response: Response, status: number, body: object): Promise<void> {
  expect(response.status).toBe(status);
  expect(await response.json()).toMatchObject(body);
}

const expectProblem = (response: Response, status: number, code: string) =>
  expectAnswer(response, status, { code, status });

describe('writes by another process, while the server remembers principals between writes', () => {
  it('are seen by the very next request: a role change, a suspension, a log-out', async () => {
    const app = await serve();
    expect((await app.register('watched')).status).toBe(201);
    const asWatched = await app.logIn('watched');
    const where = "where username = 'watched'";
    // The second request is answered from what the first read remembered.
    await expectAnswer(await asWatched('/users/me'), 200, { username: 'watched' });
    await expectProblem(await asWatched('/users'), 403, 'PERMISSION_DENIED');

    writeWith(app.path, `update users set role = 'admin' ${where}`);
    // As an admin, the user list, which holds them.
    await expectAnswer(await asWatched('/users?username=watched'), 200, {
      total: 1,
      items: [{ username: 'watched' }],
    });
    writeWith(app.path, `update users set role = 'user' ${where}`);
    await expectProblem(await asWatched('/users'), 403, 'PERMISSION_DENIED');

    writeWith(app.path, `update users set status = 'suspended' ${where}`);
    await expectProblem(await asWatched('/users/me'), 401, 'INVALID_TOKEN');
    writeWith(app.path, `update users set status = 'active' ${where}`);
    await expectAnswer(await asWatched('/users/me'), 200, { username: 'watched' });

    const revoked = await cli(app.path, ['revoke-sessions', '--username', 'watched']);
    expect(revoked.stdout).toBe('every session of watched ended\n');
    await expectProblem(await asWatched('/users/me'), 401, 'INVALID_TOKEN');
  });
});

describe('a lock held by another process that has written nothing', () => {
  it('leaves a remembered caller answered from memory, and stops what needs the database', async () => {
    const app = await serve({ DATABASE_BUSY_TIMEOUT_MS: '150' });
    expect((await app.register('steady')).status).toBe(201);
    const asSteady = await app.logIn('steady');
    // The first read remembers the principal and caches the user.
    await expectAnswer(await asSteady('/users/me'), 200, { username: 'steady' });
    const lock = await holdLock(app.path);
    try {
      // Nothing new is needed from the file, and nothing has been committed since.
      await expectAnswer(await asSteady('/users/me'), 200, { username: 'steady' });
      // What needs the database meets the lock.
      await expectUnavailable(await app.register('met_the_lock'));
    } finally {
      await lock.release();
    }
    expect((await app.register('after_the_lock')).status).toBe(201);
    // The registration that met the lock left nothing; the one after it is stored.
    expect(countUsers(app.path, ['met_the_lock'])).toBe(0);
    expect(countUsers(app.path, ['steady', 'after_the_lock'])).toBe(2);
  });
});
