import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrate as drizzleMigrate } from 'drizzle-orm/libsql/migrator';
import { afterAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import { composeDeps } from '../../src/configs/compose.ts';
import { openDatabase } from '../../src/db/client.ts';
import { migrate, MIGRATIONS_FOLDER } from '../../src/db/migrate.ts';
import { sha256 } from '../../src/kit/crypto/encoding.ts';
import { createPbkdf2Hasher } from '../../src/kit/crypto/password.ts';
import { testRuntimeParts } from '../support/runtime-parts.ts';

/*
 * The upgrade from the schema before sessions (migrations 0000–0001): an existing user
 * keeps working (`emailVerified` false), and a refresh token issued before the upgrade
 * still refreshes into a working session.
 */

const folder = mkdtempSync(join(tmpdir(), 'user-api-upgrade-'));
afterAll(() => {
  rmSync(folder, { recursive: true, force: true });
});

/** The migrations folder as it was before sessions: the first two entries of the journal. */
function migrationsBeforeSessions(): string {
  return migrationsUpTo(2);
}

/** The migrations folder with only the first `count` entries of the journal. */
function migrationsUpTo(count: number): string {
  const old = join(folder, `drizzle-first-${count}`);
  mkdirSync(join(old, 'meta'), { recursive: true });
  const journal = JSON.parse(
    readFileSync(join(MIGRATIONS_FOLDER, 'meta/_journal.json'), 'utf8'),
  ) as {
    entries: { tag: string }[];
  };
  journal.entries = journal.entries.slice(0, count);
  writeFileSync(join(old, 'meta/_journal.json'), JSON.stringify(journal));
  for (const { tag } of journal.entries) {
    copyFileSync(join(MIGRATIONS_FOLDER, `${tag}.sql`), join(old, `${tag}.sql`));
  }
  return old;
}

describe('upgrading a database made before sessions', () => {
  it('keeps existing users and their refresh tokens working', async () => {
    const passwords = createPbkdf2Hasher({ iterations: 1_000 });
    const handle = openDatabase({ url: `file:${join(folder, 'app.db')}` });
    try {
      await drizzleMigrate(handle.db, { migrationsFolder: migrationsBeforeSessions() });
      const now = Date.now();
      const id = '0b6f1c2e-8f3a-4c1e-9d1a-2f9f4c1d2e3f';
      await handle.client.execute({
        sql: `insert into users (id, username, email, password_hash, created_at, updated_at)
              values (?, 'ada', 'ada@example.com', ?, ?, ?)`,
        args: [id, await passwords.hash('a sturdy passphrase 1'), now, now],
      });
      await handle.client.execute({
        sql: `insert into refresh_tokens (id, user_id, family_id, token_hash, expires_at, created_at)
              values ('t1', ?, 'f1', ?, ?, ?)`,
        args: [id, await sha256('an old refresh token'), now + 86_400_000, now],
      });
      await migrate(handle.db);

      const app = createApp(
        composeDeps(
          { ...testRuntimeParts(handle.db), passwords },
          'upgrade-test-secret-of-at-least-32-bytes',
        ),
      );
      const refreshed = await app.request('/api/v1/auth/refresh', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ refreshToken: 'an old refresh token' }),
      });
      expect(refreshed.status).toBe(200);
      const { accessToken } = (await refreshed.json()) as { accessToken: string };
      const me = await app.request('/api/v1/users/me', {
        headers: { Authorization: `Bearer ${accessToken}` },
      });
      expect(me.status).toBe(200);
      expect(await me.json()).toMatchObject({ id, username: 'ada', emailVerified: false });
      const login = await app.request('/api/v1/auth/token', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ login: 'ada', password: 'a sturdy passphrase 1' }),
      });
      expect(login.status).toBe(200);
    } finally {
      handle.client.close();
    }
  });
});

describe('upgrading a database made before log-in counts were pruned', () => {
  it('keeps each count, dated at the upgrade, so it lasts its whole retention from then', async () => {
    const handle = openDatabase({ url: `file:${join(folder, 'counts.db')}` });
    try {
      await drizzleMigrate(handle.db, { migrationsFolder: migrationsUpTo(6) });
      await handle.client.execute(
        "insert into login_attempts (subject, address, attempts) values ('login:x', '192.0.2.7', 4)",
      );
      const before = Date.now();
      await migrate(handle.db);
      const after = Date.now();
      const { rows } = await handle.client.execute(
        'select attempts, attempted_at from login_attempts',
      );
      expect(rows).toHaveLength(1);
      expect(rows[0]?.['attempts']).toBe(4);
      // strftime('%s') has whole seconds.
      expect(Number(rows[0]?.['attempted_at'])).toBeGreaterThanOrEqual(before - 1000);
      expect(Number(rows[0]?.['attempted_at'])).toBeLessThanOrEqual(after);
    } finally {
      handle.client.close();
    }
  });
});
