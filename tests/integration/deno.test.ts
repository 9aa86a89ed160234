import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';

const folder = mkdtempSync(join(tmpdir(), 'user-api-deno-'));
afterAll(() => {
  rmSync(folder, { recursive: true, force: true });
});

interface LogEntry {
  readonly msg?: string;
  readonly url?: string;
  readonly method?: string;
  readonly path?: string;
  readonly status?: number;
}

/** `npm run start:deno` exactly as package.json has it, run with the installed Deno. */
function startDeno(env: Record<string, string>) {
  const scripts = (
    JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> }
  ).scripts;
  // `exec` makes the shell npm starts become Deno, so a SIGTERM to npm reaches it.
  const [exec, command, ...args] = (scripts['start:deno'] ?? '').split(' ');
  expect([exec, command]).toEqual(['exec', 'deno']);
  const child = spawn(resolve('node_modules/.bin/deno'), args, {
    env: { ...process.env, DENO_NO_UPDATE_CHECK: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let errors = '';
  child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
  // 'close': the process has exited and its output has all been read.
  const exited = new Promise<number | null>((done) => child.once('close', done));
  /** Every log line Deno wrote to standard output, parsed, in order. */
  const entries: LogEntry[] = [];
  const listening = new Promise<string>((done, fail) => {
    const lines = createInterface({ input: child.stdout });
    lines.on('line', (line) => {
      const entry = JSON.parse(line) as LogEntry;
      entries.push(entry);
      if (entry.msg === 'listening' && entry.url) done(entry.url);
    });
    void exited.then((code) => fail(new Error(`deno exited (${code}): ${errors}`)));
  });
  return { child, listening, exited, entries };
}

describe('npm run start:deno', () => {
  it(
    'serves the same app with Deno.serve on the embedded database file',
    { timeout: 60_000 },
    async () => {
      const deno = startDeno({
        DATABASE_URL: `file:${join(folder, 'deno.db')}`,
        PORT: '0',
        JWT_SECRET: 'a-deno-secret-of-at-least-32-bytes!!',
        LOG_LEVEL: 'info',
      });
      try {
        const url = await deno.listening;
        const json = { 'Content-Type': 'application/json' };
        const registered = await fetch(`${url}/api/v1/users`, {
          method: 'POST',
          headers: json,
          body: JSON.stringify({
            username: 'deno_ada',
            email: 'deno@example.com',
            password: 'a sturdy passphrase 1',
          }),
        });
        expect(registered.status).toBe(201);
        const user = (await registered.json()) as { id: string };
        const login = await fetch(`${url}/api/v1/auth/token`, {
          method: 'POST',
          headers: json,
          body: JSON.stringify({ login: 'deno_ada', password: 'a sturdy passphrase 1' }),
        });
        expect(login.status).toBe(200);
        const { accessToken } = (await login.json()) as { accessToken: string };
        const read = await fetch(`${url}/api/v1/users/${user.id}`, {
          headers: { Authorization: `Bearer ${accessToken}` },
        });
        expect(read.status).toBe(200);
        expect(await read.json()).toMatchObject({
          id: user.id,
          username: 'deno_ada',
          email: 'deno@example.com',
        });
        expect(read.headers.get('x-request-id')).toBeTruthy();
        const asset = await fetch(`${url}/docs/swagger-ui-dist/swagger-ui.css`);
        expect(asset.status).toBe(200);
        expect(await asset.text()).toContain('.swagger-ui');
      } finally {
        deno.child.kill('SIGTERM');
        expect(await deno.exited).toBe(0);
      }
      // The request log, and the last line written just before Deno.exit: nothing pending lost.
      expect(deno.entries).toContainEqual(
        expect.objectContaining({ msg: 'request', method: 'GET', status: 200 }),
      );
      expect(deno.entries.at(-1)).toMatchObject({ msg: 'stopped' });
    },
  );
});
