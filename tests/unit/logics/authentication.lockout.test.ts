import { describe, expect, it } from 'vitest';
import { runChores } from '../../../src/configs/compose.ts';
import { createLogger } from '../../../src/kit/log/logger.ts';
import type { PasswordHasher } from '../../../src/kit/crypto/password.ts';
import { LOCKOUT_MS, LOGIN_ATTEMPT_RETENTION_MS } from '../../../src/models/entities/user.ts';
import { fakeAppDeps } from '../../fakes/fake-app-deps.ts';
import { fakePasswordHasher } from '../../fakes/fake-password-hasher.ts';

const PASSWORD = 'a long enough password';

async function fixture(options: Parameters<typeof fakeAppDeps>[0] = {}) {
  const fake = fakeAppDeps(options);
  const ada = await fake.deps.users.register({
    username: 'ada',
    email: 'ada@example.com',
    password: PASSWORD,
  });
  return { ...fake, auth: fake.deps.auth, ada };
}

describe('an unknown login', () => {
  it('locks its (login, address) pair at the fifth guess, like a known one', async () => {
    const { auth } = await fixture();
    for (let i = 0; i < 4; i++) {
      await expect(auth.logIn({ login: 'nobody', password: 'guess' })).rejects.toMatchObject({
        code: 'INVALID_CREDENTIALS',
      });
    }
    await expect(auth.logIn({ login: 'nobody', password: 'guess' })).rejects.toMatchObject({
      code: 'ACCOUNT_LOCKED',
      retryAfterSeconds: LOCKOUT_MS / 1000,
    });
    await expect(auth.logIn({ login: 'nobody', password: 'guess' })).rejects.toMatchObject({
      code: 'ACCOUNT_LOCKED',
    });
  });

  it('shares one count across its spellings (case, spaces), for usernames and emails', async () => {
    const { auth } = await fixture();
    for (const login of ['nobody', 'NoBody', ' nobody ', 'NOBODY']) {
      await auth.logIn({ login, password: 'guess' }).catch(() => undefined);
    }
    await expect(auth.logIn({ login: 'Nobody', password: 'guess' })).rejects.toMatchObject({
      code: 'ACCOUNT_LOCKED',
    });
    for (const login of ['x@example.com', 'X@Example.com', ' x@example.COM', 'X@EXAMPLE.COM']) {
      await auth.logIn({ login, password: 'guess' }).catch(() => undefined);
    }
    await expect(auth.logIn({ login: 'x@example.com', password: 'guess' })).rejects.toMatchObject({
      code: 'ACCOUNT_LOCKED',
    });
  });

  it('keeps a separate count for each unknown login', async () => {
    const { auth } = await fixture();
    for (const login of ['nobody1', 'nobody2', 'nobody3', 'nobody4', 'nobody5', 'a@b.example']) {
      await expect(auth.logIn({ login, password: 'guess' })).rejects.toMatchObject({
        code: 'INVALID_CREDENTIALS',
      });
    }
  });
});

describe('the account-wide count', () => {
  it('adds up failures spread over its 15-minute window', async () => {
    const { auth, clock } = await fixture();
    const guess = (i: number) =>
      auth.logIn({ login: 'ada', password: 'no', clientAddress: `203.0.113.${i}` });
    for (let i = 0; i < 10; i++) await guess(i).catch(() => undefined);
    clock.advance(15 * 60_000 - 1);
    for (let i = 10; i < 19; i++) {
      await expect(guess(i)).rejects.toMatchObject({ code: 'INVALID_CREDENTIALS' });
    }
    await expect(guess(19)).rejects.toMatchObject({ code: 'ACCOUNT_LOCKED' });
  });
});

describe('the right password of a suspended user', () => {
  it('resets the pair count: it is no failed guess', async () => {
    const { auth, deps, ada } = await fixture();
    await deps.users.changeStatus(ada.id, 'suspend');
    for (let i = 0; i < 4; i++) await auth.logIn({ login: 'ada', password: 'no' }).catch(() => 0);
    await expect(auth.logIn({ login: 'ada', password: PASSWORD })).rejects.toMatchObject({
      code: 'ACCOUNT_DISABLED',
    });
    for (let i = 0; i < 4; i++) {
      await expect(auth.logIn({ login: 'ada', password: 'no' })).rejects.toMatchObject({
        code: 'INVALID_CREDENTIALS',
      });
    }
  });
});

describe('a password hash with current parameters', () => {
  it('is kept as it is at log-in', async () => {
    let salt = 0;
    const salted: PasswordHasher = {
      ...fakePasswordHasher,
      hash: (password) => Promise.resolve(`fake$${password}$${++salt}`),
      verify: (password, encoded) => Promise.resolve(encoded.startsWith(`fake$${password}$`)),
    };
    const { auth, users, ada } = await fixture({ passwords: salted });
    const before = users.rows.get(ada.id)?.passwordHash;
    await auth.logIn({ login: 'ada', password: PASSWORD });
    expect(users.rows.get(ada.id)?.passwordHash).toBe(before);
  });
});

describe('a suspension the session does not know of yet', () => {
  /** Suspends ada in storage only, as another instance would, leaving her sessions live. */
  function suspendInStorage(fake: Awaited<ReturnType<typeof fixture>>) {
    const row = fake.users.rows.get(fake.ada.id);
    if (!row) throw new Error('ada is missing');
    fake.users.rows.set(fake.ada.id, { ...row, status: 'suspended' });
  }

  it('stops her access token', async () => {
    const fake = await fixture();
    const session = await fake.auth.logIn({ login: 'ada', password: PASSWORD });
    suspendInStorage(fake);
    await expect(fake.auth.authenticate(session.accessToken)).rejects.toMatchObject({
      code: 'INVALID_TOKEN',
    });
  });

  it('stops her refresh token, for good', async () => {
    const fake = await fixture();
    const session = await fake.auth.logIn({ login: 'ada', password: PASSWORD });
    suspendInStorage(fake);
    await expect(fake.auth.refresh(session.refreshToken)).rejects.toMatchObject({
      code: 'INVALID_TOKEN',
    });
  });
});

describe('the User-Agent a session keeps', () => {
  async function keptFor(userAgent: string | undefined) {
    const { auth, ada } = await fixture();
    const session = await auth.logIn({ login: 'ada', password: PASSWORD, userAgent });
    const me = await auth.authenticate(session.accessToken);
    const [kept] = await auth.listSessions(ada.id, me.sessionId);
    return kept?.userAgent;
  }

  it('is trimmed, and none when absent or blank', async () => {
    expect(await keptFor('  curl/8.5  ')).toBe('curl/8.5');
    expect(await keptFor(undefined)).toBeNull();
    expect(await keptFor('   ')).toBeNull();
  });

  it('is cut at 256 characters', async () => {
    expect(await keptFor('x'.repeat(300))).toBe('x'.repeat(256));
  });
});

describe('counts nobody touched for a week', () => {
  it('are forgotten at the next hourly prune, so a guess after them starts over', async () => {
    const { auth, authRepository, clock } = await fixture();
    const guess = (login: string) =>
      auth.logIn({ login, password: 'guess' }).catch(() => undefined);
    for (let i = 0; i < 4; i++) await guess('nobody');
    await guess('ada');
    expect(await auth.pruneLoginAttempts()).toBe(0); // nothing is a week old yet
    clock.advance(LOGIN_ATTEMPT_RETENTION_MS - 60_000);
    await guess('ada'); // ada's count is touched again; nobody's is not
    clock.advance(60 * 60_000);
    // nobody's pair and its account-wide count (an unknown login has both) go; ada's stays.
    expect(await auth.pruneLoginAttempts()).toBe(2);
    expect(authRepository.attempts.size).toBe(1);
    // nobody's four strikes are gone: a fifth guess is the first of a new count, not a lock.
    await expect(auth.logIn({ login: 'nobody', password: 'guess' })).rejects.toMatchObject({
      code: 'INVALID_CREDENTIALS',
    });
  });

  it('are pruned at most once an hour', async () => {
    const { auth, clock } = await fixture();
    await auth.logIn({ login: 'nobody', password: 'guess' }).catch(() => undefined);
    clock.advance(LOGIN_ATTEMPT_RETENTION_MS - 30 * 60_000);
    expect(await auth.pruneLoginAttempts()).toBe(0); // half an hour short of a week
    clock.advance(31 * 60_000);
    expect(await auth.pruneLoginAttempts()).toBe(0); // a week old, but pruned 31 min ago
    clock.advance(29 * 60_000);
    // The guess's pair and its account-wide count.
    expect(await auth.pruneLoginAttempts()).toBe(2);
  });
});

describe('the dispatcher’s chores', () => {
  it('prune the counts after the outbox, logging a failure as such and going on', async () => {
    const { deps, authRepository, clock } = await fixture();
    const lines: string[] = [];
    const logger = createLogger({ write: (line) => lines.push(line) });
    const messages = () => lines.splice(0).map((l) => (JSON.parse(l) as { msg: string }).msg);
    await deps.auth.logIn({ login: 'nobody', password: 'guess' }).catch(() => undefined);
    clock.advance(LOGIN_ATTEMPT_RETENTION_MS + 1);
    const prune = authRepository.pruneLoginAttempts;
    authRepository.pruneLoginAttempts = () => Promise.reject(new Error('disk I/O error'));
    await runChores(deps, logger);
    expect(messages()).toContain('log-in attempt prune failed: will retry');
    authRepository.pruneLoginAttempts = prune;
    await runChores(deps, logger);
    expect(messages()).toContain('log-in attempt counts pruned');
    expect(authRepository.attempts.size).toBe(0);
  });
});
