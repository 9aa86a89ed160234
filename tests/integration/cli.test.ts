import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/client.ts';

const run = promisify(execFile);
const folder = mkdtempSync(join(tmpdir(), 'user-api-cli-'));
const url = `file:${join(folder, 'cli.db')}`;
afterAll(() => {
  rmSync(folder, { recursive: true, force: true });
});

function cli(args: string[], env: Record<string, string> = {}) {
  return run(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], {
    env: { ...process.env, DATABASE_URL: url, LOG_LEVEL: 'error', ...env },
  }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => error,
  );
}

describe('the command line', () => {
  it('creates an admin from ADMIN_PASSWORD, and refuses the same username again in one line', async () => {
    const created = await cli(
      ['create-admin', '--username', 'root', '--email', 'root@example.com'],
      {
        ADMIN_PASSWORD: 'a long admin passphrase',
      },
    );
    expect(created.code).toBe(0);
    expect(created.stdout).toMatch(/^admin root created with id [0-9a-f-]{36}\n$/);

    const { client } = openDatabase({ url });
    const rows = await client.execute(
      "select role, password_hash from users where username = 'root'",
    );
    client.close();
    expect(rows.rows[0]?.role).toBe('admin');
    expect(rows.rows[0]?.password_hash as string).toMatch(/^pbkdf2-sha256\$100000\$/);

    const again = await cli(
      ['create-admin', '--username', 'ROOT', '--email', 'other@example.com'],
      {
        ADMIN_PASSWORD: 'a long admin passphrase',
      },
    );
    expect(again.code).toBe(1);
    expect(again.stderr.trim().split('\n')).toHaveLength(1);
    expect(again.stderr).toContain('username');
  });

  it('activates a user and sets roles, but never demotes the last active admin', async () => {
    const env = { ADMIN_PASSWORD: 'a long admin passphrase' };
    const db = `file:${join(folder, 'roles.db')}`;
    const at = (args: string[]) => cli(args, { ...env, DATABASE_URL: db });
    expect(
      (await at(['create-admin', '--username', 'boss', '--email', 'b@example.com'])).code,
    ).toBe(0);
    expect(
      (await at(['create-admin', '--username', 'aide', '--email', 'a@example.com'])).code,
    ).toBe(0);

    expect((await at(['set-role', '--username', 'AIDE', '--role', 'user'])).stdout).toBe(
      'aide is now user\n',
    );
    const last = await at(['set-role', '--username', 'boss', '--role', 'user']);
    expect(last.code).toBe(1);
    expect(last.stderr).toBe('Error: This is the last active admin: make another admin first.\n');

    const { client } = openDatabase({ url: db });
    await client.execute("update users set status = 'suspended' where username = 'aide'");
    client.close();
    expect((await at(['activate', '--username', 'aide'])).stdout).toBe('aide is active\n');
    expect((await at(['activate', '--username', 'nobody'])).stderr).toBe(
      'No user is named "nobody".\n',
    );
    expect((await at(['set-role', '--username', 'aide', '--role', 'root'])).code).toBe(1);
  }, 60_000);

  it('refuses a weak password without echoing it', async () => {
    const weak = await cli([
      'create-admin',
      '--username',
      'admin2',
      '--email',
      'a2@example.com',
      '--password',
      'admin2-pass!',
    ]);
    expect(weak.code).toBe(1);
    expect(weak.stderr).toContain('Must not contain the username');
    expect(weak.stderr).not.toContain('admin2-pass!');
  });

  it('stops with one line naming a bad variable', async () => {
    const bad = await cli(['migrate'], { DATABASE_URL: 'nonsense' });
    expect(bad.code).toBe(1);
    expect(bad.stderr.trim()).toMatch(/^Invalid configuration: DATABASE_URL: /);
  });

  it('lists unsent emails without their text, ends sessions and sets a password', async () => {
    // A provider nobody answers at: the admin's welcome email stays in the outbox.
    const down = { EMAIL_API_URL: 'http://127.0.0.1:9/send', EMAIL_API_KEY: 'k' };
    const created = await cli(['create-admin', '--username', 'ops', '--email', 'ops@example.com'], {
      ADMIN_PASSWORD: 'a long admin passphrase',
      ...down,
    });
    expect(created.code).toBe(0);
    const listed = await cli(['outbox']);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(/pending \(next attempt .+\)\s+attempts=1\s+to=ops@example\.com/);
    expect(listed.stdout).not.toContain('token=');

    const { client } = openDatabase({ url });
    const hashBefore = await client.execute(
      "select password_hash from users where username = 'ops'",
    );
    const reset = await cli(['reset-password', '--username', 'ops'], {
      NEW_PASSWORD: 'another admin passphrase',
    });
    expect(reset.code).toBe(0);
    expect(reset.stdout).toBe('password of ops set; every session ended\n');
    expect(reset.stdout + reset.stderr).not.toContain('another admin passphrase');
    const hashAfter = await client.execute(
      "select password_hash from users where username = 'ops'",
    );
    expect(hashAfter.rows[0]?.password_hash).not.toBe(hashBefore.rows[0]?.password_hash);

    const weak = await cli(['reset-password', '--username', 'ops'], { NEW_PASSWORD: 'short' });
    expect(weak.code).toBe(1);
    expect(weak.stderr).not.toContain('short\n');

    // A live session of ops, as a log-in leaves it.
    const now = Date.now();
    await client.execute({
      sql: `insert into sessions (id, user_id, created_at, last_used_at, expires_at)
            select 'cli-session', id, ?, ?, ? from users where username = 'ops'`,
      args: [now, now, now + 3_600_000],
    });
    const revoked = await cli(['revoke-sessions', '--username', 'ops']);
    expect(revoked.code).toBe(0);
    expect(revoked.stdout).toBe('every session of ops ended\n');
    const ended = await client.execute("select ended_at from sessions where id = 'cli-session'");
    expect(ended.rows).toHaveLength(1);
    expect(ended.rows[0]?.ended_at).not.toBeNull();
    expect(typeof ended.rows[0]?.ended_at).toBe('number');
    const unknown = await cli(['revoke-sessions', '--username', 'nobody']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr.trim().split('\n')).toHaveLength(1);
    client.close();
  });
});
