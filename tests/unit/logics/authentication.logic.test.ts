import { describe, expect, it } from 'vitest';
import { sha256 } from '../../../src/kit/crypto/encoding.ts';
import { LOCKOUT_MS } from '../../../src/models/entities/user.ts';
import { fakeAppDeps } from '../../fakes/fake-app-deps.ts';
import { fakePasswordHasher } from '../../fakes/fake-password-hasher.ts';

const PASSWORD = 'a long enough password';

async function fixture() {
  const fake = fakeAppDeps();
  const { users, auth } = fake.deps;
  const ada = await users.register({
    username: 'ada',
    email: 'ada@example.com',
    password: PASSWORD,
  });
  return { ...fake, users, auth, ada };
}

describe('logIn', () => {
  it('logs in by username (any case) or email, and records lastLoginAt', async () => {
    const { auth, ada, users, clock } = await fixture();
    const session = await auth.logIn({ login: 'ADA', password: PASSWORD });
    expect(session).toMatchObject({ tokenType: 'Bearer', expiresIn: 900 });
    expect(await auth.logIn({ login: 'Ada@Example.com', password: PASSWORD })).toBeDefined();
    expect((await users.get(ada.id)).lastLoginAt).toEqual(clock.now());
  });

  it('spends one password hash on an unknown login, as on a known one', async () => {
    const spent: string[] = [];
    const { auth } = fakeAppDeps({
      passwords: {
        ...fakePasswordHasher,
        verifyNothing: (password) => {
          spent.push(password);
          return Promise.resolve();
        },
      },
    }).deps;
    await expect(auth.logIn({ login: 'nobody', password: 'guess 1' })).rejects.toMatchObject({
      code: 'INVALID_CREDENTIALS',
    });
    expect(spent).toEqual(['guess 1']);
  });

  it('answers an unknown login exactly like a wrong password', async () => {
    const { auth } = await fixture();
    const unknown = await auth
      .logIn({ login: 'nobody', password: PASSWORD })
      .catch((e: unknown) => e);
    const wrong = await auth
      .logIn({ login: 'ada', password: 'wrong password!!' })
      .catch((e: unknown) => e);
    expect(unknown).toMatchObject({ code: 'INVALID_CREDENTIALS', status: 401 });
    expect(wrong).toMatchObject({ code: 'INVALID_CREDENTIALS', status: 401 });
    expect({ ...(unknown as object) }).toEqual({ ...(wrong as object) });
  });

  it('locks after five wrong passwords in a row, for 15 minutes, with Retry-After', async () => {
    const { auth, clock } = await fixture();
    for (let i = 0; i < 4; i++) {
      await expect(auth.logIn({ login: 'ada', password: 'wrong' })).rejects.toMatchObject({
        code: 'INVALID_CREDENTIALS',
      });
    }
    await expect(auth.logIn({ login: 'ada', password: 'wrong' })).rejects.toMatchObject({
      code: 'ACCOUNT_LOCKED',
      retryAfterSeconds: LOCKOUT_MS / 1000,
    });
    await expect(auth.logIn({ login: 'ada', password: PASSWORD })).rejects.toMatchObject({
      code: 'ACCOUNT_LOCKED',
    });
    clock.advance(LOCKOUT_MS);
    await expect(auth.logIn({ login: 'ada', password: PASSWORD })).resolves.toBeDefined();
  });

  it('resets the count on a right password', async () => {
    const { auth } = await fixture();
    for (let i = 0; i < 4; i++)
      await auth.logIn({ login: 'ada', password: 'wrong' }).catch(() => undefined);
    await auth.logIn({ login: 'ada', password: PASSWORD });
    for (let i = 0; i < 4; i++) {
      await expect(auth.logIn({ login: 'ada', password: 'wrong' })).rejects.toMatchObject({
        code: 'INVALID_CREDENTIALS',
      });
    }
  });

  it('keeps a suspended user out with the right password only', async () => {
    const { auth, users, ada } = await fixture();
    await users.changeStatus(ada.id, 'suspend');
    await expect(auth.logIn({ login: 'ada', password: 'wrong' })).rejects.toMatchObject({
      code: 'INVALID_CREDENTIALS',
    });
    await expect(auth.logIn({ login: 'ada', password: PASSWORD })).rejects.toMatchObject({
      code: 'ACCOUNT_DISABLED',
      status: 403,
    });
  });

  it('treats a deleted user as unknown', async () => {
    const { auth, users, ada } = await fixture();
    await users.delete(ada.id);
    await expect(auth.logIn({ login: 'ada', password: PASSWORD })).rejects.toMatchObject({
      code: 'INVALID_CREDENTIALS',
    });
  });

  it('stores only a hash of the refresh token', async () => {
    const { auth, authRepository } = await fixture();
    const { refreshToken } = await auth.logIn({ login: 'ada', password: PASSWORD });
    const stored = [...authRepository.tokens.values()];
    expect(stored).toHaveLength(1);
    expect(stored[0]?.tokenHash).toBe(await sha256(refreshToken));
    expect(JSON.stringify(stored)).not.toContain(refreshToken);
  });
});

describe('refreshSession', () => {
  it('rotates: the new token works once, the old one is retired', async () => {
    const { auth } = await fixture();
    const first = await auth.logIn({ login: 'ada', password: PASSWORD });
    const second = await auth.refresh(first.refreshToken);
    expect(second.refreshToken).not.toBe(first.refreshToken);
    const third = await auth.refresh(second.refreshToken);
    expect(third.accessToken).toBeTruthy();
  });

  it('revokes the whole family when a retired token is presented again', async () => {
    const { auth } = await fixture();
    const first = await auth.logIn({ login: 'ada', password: PASSWORD });
    const second = await auth.refresh(first.refreshToken);
    await expect(auth.refresh(first.refreshToken)).rejects.toMatchObject({ code: 'INVALID_TOKEN' });
    await expect(auth.refresh(second.refreshToken)).rejects.toMatchObject({
      code: 'INVALID_TOKEN',
    });
  });

  it('leaves other sessions alone when one family is revoked', async () => {
    const { auth } = await fixture();
    const laptop = await auth.logIn({ login: 'ada', password: PASSWORD });
    const phone = await auth.logIn({ login: 'ada', password: PASSWORD });
    await auth.refresh(laptop.refreshToken);
    await auth.refresh(laptop.refreshToken).catch(() => undefined);
    await expect(auth.refresh(phone.refreshToken)).resolves.toBeDefined();
  });

  it('refuses an expired, unknown, or suspended user’s token', async () => {
    const { auth, clock, users, ada } = await fixture();
    const first = await auth.logIn({ login: 'ada', password: PASSWORD });
    await expect(auth.refresh('not-a-token')).rejects.toMatchObject({ code: 'INVALID_TOKEN' });
    clock.advance(3_600_000);
    await expect(auth.refresh(first.refreshToken)).rejects.toMatchObject({ code: 'INVALID_TOKEN' });
    const second = await auth.logIn({ login: 'ada', password: PASSWORD });
    await users.changeStatus(ada.id, 'suspend');
    await expect(auth.refresh(second.refreshToken)).rejects.toMatchObject({
      code: 'INVALID_TOKEN',
    });
  });
});

describe('authenticate', () => {
  it('reads the principal’s current role and status from the repository', async () => {
    const { auth, users, ada } = await fixture();
    const { accessToken } = await auth.logIn({ login: 'ada', password: PASSWORD });
    expect(await auth.authenticate(accessToken)).toMatchObject({ id: ada.id, role: 'user' });
    await users.changeStatus(ada.id, 'suspend');
    await expect(auth.authenticate(accessToken)).rejects.toMatchObject({ code: 'INVALID_TOKEN' });
    await users.changeStatus(ada.id, 'activate');
    await users.delete(ada.id);
    await expect(auth.authenticate(accessToken)).rejects.toMatchObject({ code: 'INVALID_TOKEN' });
  });

  it('answers a missing token with UNAUTHENTICATED', async () => {
    const { auth } = await fixture();
    await expect(auth.authenticate(undefined)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });
});

describe('the lock strangers cannot aim', () => {
  it('locks the (account, address) pair at five, leaving the owner on another address in', async () => {
    const { auth } = await fixture();
    const from = (clientAddress: string, password = 'wrong password!') =>
      auth.logIn({ login: 'ada', password, clientAddress });
    for (let i = 0; i < 4; i++) {
      await expect(from('203.0.113.1')).rejects.toMatchObject({ code: 'INVALID_CREDENTIALS' });
    }
    await expect(from('203.0.113.1')).rejects.toMatchObject({ code: 'ACCOUNT_LOCKED' });
    await expect(from('203.0.113.1', PASSWORD)).rejects.toMatchObject({ code: 'ACCOUNT_LOCKED' });
    await expect(from('198.51.100.1', PASSWORD)).resolves.toMatchObject({ tokenType: 'Bearer' });
  });

  it('locks the account at 20 failures in 15 minutes from any mix of addresses', async () => {
    const { auth, clock } = await fixture();
    for (let i = 0; i < 19; i++) {
      await expect(
        auth.logIn({ login: 'ada', password: 'wrong password!', clientAddress: `192.0.2.${i}` }),
      ).rejects.toMatchObject({ code: 'INVALID_CREDENTIALS' });
    }
    await expect(
      auth.logIn({ login: 'ada', password: 'wrong password!', clientAddress: '192.0.2.99' }),
    ).rejects.toMatchObject({ code: 'ACCOUNT_LOCKED', retryAfterSeconds: LOCKOUT_MS / 1000 });
    await expect(
      auth.logIn({ login: 'ada', password: PASSWORD, clientAddress: '198.51.100.9' }),
    ).rejects.toMatchObject({ code: 'ACCOUNT_LOCKED' });
    clock.advance(LOCKOUT_MS);
    await expect(
      auth.logIn({ login: 'ada', password: PASSWORD, clientAddress: '198.51.100.9' }),
    ).resolves.toMatchObject({ tokenType: 'Bearer' });
  });
});

describe('password hashes with older parameters', () => {
  it('are upgraded at the next successful log-in, and only then', async () => {
    // Verifies `older$…` (a hash it no longer makes) and its own `fake$…`.
    const passwords = {
      ...fakePasswordHasher,
      verify: (password: string, encoded: string) =>
        Promise.resolve(encoded === `older$${password}` || encoded === `fake$${password}`),
    };
    const fake = fakeAppDeps({ passwords });
    const ada = await fake.deps.users.register({
      username: 'ada',
      email: 'ada@example.com',
      password: PASSWORD,
    });
    const row = fake.users.rows.get(ada.id);
    if (!row) throw new Error('ada is missing');
    fake.users.rows.set(ada.id, { ...row, passwordHash: `older$${PASSWORD}` });

    await expect(
      fake.deps.auth.logIn({ login: 'ada', password: 'wrong password!' }),
    ).rejects.toThrow();
    expect(fake.users.rows.get(ada.id)?.passwordHash).toBe(`older$${PASSWORD}`);
    await fake.deps.auth.logIn({ login: 'ada', password: PASSWORD });
    expect(fake.users.rows.get(ada.id)?.passwordHash).toBe(`fake$${PASSWORD}`);
    await expect(fake.deps.auth.logIn({ login: 'ada', password: PASSWORD })).resolves.toMatchObject(
      { tokenType: 'Bearer' },
    );
  });
});
