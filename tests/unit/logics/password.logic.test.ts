import { describe, expect, it } from 'vitest';
import { ServiceUnavailableError } from '../../../src/kit/errors/catalogue.ts';
import { createLogger } from '../../../src/kit/log/logger.ts';
import { LOCKOUT_MS } from '../../../src/models/entities/user.ts';
import { fakeAppDeps } from '../../fakes/fake-app-deps.ts';

const PASSWORD = 'a long enough password';
const NEW_PASSWORD = 'a brand new phrase 7';

async function fixture(options: Parameters<typeof fakeAppDeps>[0] = {}) {
  const fake = fakeAppDeps(options);
  const { users, auth } = fake.deps;
  const ada = await users.register({
    username: 'ada',
    email: 'ada@example.com',
    password: PASSWORD,
  });
  await fake.tasks.flush();
  const change = (currentPassword: string, clientAddress?: string) =>
    auth.changePassword({
      userId: ada.id,
      currentPassword,
      newPassword: NEW_PASSWORD,
      ...(clientAddress === undefined ? {} : { clientAddress }),
    });
  return { ...fake, users, auth, ada, change };
}

function resetToken(sent: readonly { text: string }[]): string {
  const match = /https:\/\/app\.example\.test\/reset-password\?token=([A-Za-z0-9_-]+)/.exec(
    sent.at(-1)?.text ?? '',
  );
  if (!match?.[1]) throw new Error('no reset link was sent');
  return match[1];
}

describe('changePassword: who may change it', () => {
  it('answers USER_NOT_FOUND for a user who is not there', async () => {
    const { auth } = await fixture();
    await expect(
      auth.changePassword({
        userId: '00000000-0000-4000-8000-999999999999',
        currentPassword: PASSWORD,
        newPassword: NEW_PASSWORD,
      }),
    ).rejects.toMatchObject({ code: 'USER_NOT_FOUND' });
  });

  it('keeps a suspended user out with the right current password, without counting it', async () => {
    const { users, ada, change } = await fixture();
    await users.changeStatus(ada.id, 'suspend');
    for (let i = 0; i < 4; i++) {
      await expect(change('nope')).rejects.toMatchObject({ code: 'VALIDATION_ERROR' });
    }
    await expect(change(PASSWORD)).rejects.toMatchObject({ code: 'ACCOUNT_DISABLED', status: 403 });
    // The right password reset the pair's count: four more wrong ones do not lock.
    for (let i = 0; i < 4; i++) {
      await expect(change('nope')).rejects.toMatchObject({ code: 'VALIDATION_ERROR' });
    }
  });

  it('refuses while the whole account is locked, even with the right password', async () => {
    const { auth, change, clock } = await fixture();
    for (let i = 0; i < 20; i++) {
      await auth
        .logIn({ login: 'ada', password: 'nope', clientAddress: `203.0.113.${i}` })
        .catch(() => undefined);
    }
    clock.advance(60_000);
    await expect(change(PASSWORD, '198.51.100.7')).rejects.toMatchObject({
      code: 'ACCOUNT_LOCKED',
      retryAfterSeconds: LOCKOUT_MS / 1000 - 60,
    });
    clock.advance(LOCKOUT_MS - 60_000);
    await expect(change(PASSWORD, '198.51.100.7')).resolves.toMatchObject({ tokenType: 'Bearer' });
  });
});

describe('changePassword: wrong current passwords lock like log-ins', () => {
  it('counts a request without a client address as the address "unknown"', async () => {
    const { auth, change } = await fixture();
    for (let i = 0; i < 4; i++) {
      await expect(change('nope')).rejects.toMatchObject({
        code: 'VALIDATION_ERROR',
        errors: [{ path: 'currentPassword', message: 'Not the current password.' }],
      });
    }
    await expect(change('nope')).rejects.toMatchObject({
      code: 'ACCOUNT_LOCKED',
      retryAfterSeconds: LOCKOUT_MS / 1000,
    });
    await expect(auth.logIn({ login: 'ada', password: PASSWORD })).rejects.toMatchObject({
      code: 'ACCOUNT_LOCKED',
    });
    await expect(
      auth.logIn({ login: 'ada', password: PASSWORD, clientAddress: 'unknown' }),
    ).rejects.toMatchObject({ code: 'ACCOUNT_LOCKED' });
  });

  it('refuses the right password while the pair is locked, with the seconds left, until it runs out', async () => {
    const { change, clock } = await fixture();
    for (let i = 0; i < 5; i++) await change('nope', '203.0.113.9').catch(() => undefined);
    clock.advance(90_000);
    await expect(change(PASSWORD, '203.0.113.9')).rejects.toMatchObject({
      code: 'ACCOUNT_LOCKED',
      retryAfterSeconds: LOCKOUT_MS / 1000 - 90,
    });
    clock.advance(LOCKOUT_MS - 90_000);
    await expect(change(PASSWORD, '203.0.113.9')).resolves.toMatchObject({ tokenType: 'Bearer' });
  });

  it('answers the guess that reaches twenty account-wide failures with the account lock', async () => {
    const { auth, change } = await fixture();
    for (let i = 0; i < 19; i++) {
      await expect(change('nope', `203.0.113.${i}`)).rejects.toMatchObject({
        code: 'VALIDATION_ERROR',
      });
    }
    await expect(change('nope', '203.0.113.99')).rejects.toMatchObject({
      code: 'ACCOUNT_LOCKED',
      retryAfterSeconds: LOCKOUT_MS / 1000,
    });
    await expect(
      auth.logIn({ login: 'ada', password: PASSWORD, clientAddress: '198.51.100.4' }),
    ).rejects.toMatchObject({ code: 'ACCOUNT_LOCKED', retryAfterSeconds: LOCKOUT_MS / 1000 });
  });

  it('counts the guess that locks a pair toward the account-wide twenty too', async () => {
    const { auth, change } = await fixture();
    // Four addresses, five guesses each: the fifth of each is answered "locked".
    for (const address of ['203.0.113.1', '203.0.113.2', '203.0.113.3', '203.0.113.4']) {
      for (let i = 0; i < 4; i++) {
        await expect(change('nope', address)).rejects.toMatchObject({
          code: 'VALIDATION_ERROR',
        });
      }
      await expect(change('nope', address)).rejects.toMatchObject({ code: 'ACCOUNT_LOCKED' });
    }
    await expect(
      auth.logIn({ login: 'ada', password: PASSWORD, clientAddress: '198.51.100.4' }),
    ).rejects.toMatchObject({ code: 'ACCOUNT_LOCKED' });
  });

  it('counts account-wide failures within 15 minutes only', async () => {
    const { auth, change, clock } = await fixture();
    for (let i = 0; i < 19; i++) await change('nope', `203.0.113.${i}`).catch(() => undefined);
    clock.advance(15 * 60_000);
    await expect(change('nope', '203.0.113.99')).rejects.toMatchObject({
      code: 'VALIDATION_ERROR',
    });
    await expect(
      auth.logIn({ login: 'ada', password: PASSWORD, clientAddress: '198.51.100.4' }),
    ).resolves.toMatchObject({ tokenType: 'Bearer' });
  });
});

describe('changePassword: the new session', () => {
  it('keeps the client User-Agent with the new session and names it in the access token', async () => {
    const { auth, ada } = await fixture();
    const fresh = await auth.changePassword({
      userId: ada.id,
      currentPassword: PASSWORD,
      newPassword: NEW_PASSWORD,
      userAgent: '  laptop  ',
    });
    const me = await auth.authenticate(fresh.accessToken);
    expect(me).toMatchObject({ id: ada.id, role: 'user' });
    const sessions = await auth.listSessions(ada.id, me.sessionId);
    expect(sessions.map((s) => [s.userAgent, s.current])).toEqual([['laptop', true]]);
    const next = await auth.refresh(fresh.refreshToken);
    expect((await auth.authenticate(next.accessToken)).sessionId).toBe(me.sessionId);
  });
});

describe('password reset', () => {
  it('emails the user a link to the public URL with their username', async () => {
    const { auth, email, tasks } = await fixture();
    auth.requestPasswordReset({ email: 'ada@example.com', language: 'en' });
    await tasks.flush();
    await tasks.flush();
    expect(email.sent.at(-1)?.to).toBe('ada@example.com');
    expect(email.sent.at(-1)?.text).toContain('ada');
    expect(resetToken(email.sent)).not.toBe('');
  });

  it('neither sends nor logs anything for an unknown address', async () => {
    const lines: string[] = [];
    const { auth, email, tasks } = await fixture({
      logger: createLogger({ level: 'debug', write: (line) => lines.push(line) }),
    });
    lines.splice(0);
    const before = email.sent.length;
    auth.requestPasswordReset({ email: 'nobody@example.com', language: 'en' });
    await tasks.flush();
    await tasks.flush();
    expect(email.sent).toHaveLength(before);
    expect(lines).toEqual([]);
  });

  it('logs a failed request instead of answering it', async () => {
    const lines: string[] = [];
    const { auth, authRepository, tasks } = await fixture({
      logger: createLogger({ level: 'error', write: (line) => lines.push(line) }),
    });
    authRepository.findCredentials = () => Promise.reject(new Error('database down'));
    expect(auth.requestPasswordReset({ email: 'ada@example.com', language: 'en' })).toBeUndefined();
    await tasks.flush();
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] ?? '{}')).toMatchObject({
      level: 'error',
      msg: 'password reset request failed',
    });
    expect(lines[0]).toContain('database down');
  });

  it('logs a request that met a storage fault as a warning, not an error', async () => {
    const lines: string[] = [];
    const { auth, authRepository, tasks } = await fixture({
      logger: createLogger({ level: 'warn', write: (line) => lines.push(line) }),
    });
    authRepository.findCredentials = () => Promise.reject(new ServiceUnavailableError());
    auth.requestPasswordReset({ email: 'ada@example.com', language: 'en' });
    await tasks.flush();
    expect(lines.map((line) => JSON.parse(line) as Record<string, unknown>)).toEqual([
      expect.objectContaining({ level: 'warn', msg: 'password reset request failed' }),
    ]);
  });

  it('refuses a new password against the policy and keeps the token usable', async () => {
    const { auth, email, tasks } = await fixture();
    auth.requestPasswordReset({ email: 'ada@example.com', language: 'en' });
    await tasks.flush();
    await tasks.flush();
    const token = resetToken(email.sent);
    await expect(
      auth.confirmPasswordReset({ token, newPassword: 'my ada password' }),
    ).rejects.toMatchObject({ code: 'VALIDATION_ERROR', errors: [{ path: 'newPassword' }] });
    await auth.confirmPasswordReset({ token, newPassword: NEW_PASSWORD });
    await expect(auth.logIn({ login: 'ada', password: NEW_PASSWORD })).resolves.toBeDefined();
  });

  it('refuses an unknown token, and an expired one before looking at the new password', async () => {
    const { auth, email, tasks, clock } = await fixture();
    await expect(
      auth.confirmPasswordReset({ token: 'never-issued', newPassword: NEW_PASSWORD }),
    ).rejects.toMatchObject({ code: 'INVALID_ONE_TIME_TOKEN' });
    auth.requestPasswordReset({ email: 'ada@example.com', language: 'en' });
    await tasks.flush();
    await tasks.flush();
    clock.advance(30 * 60_000);
    await expect(
      auth.confirmPasswordReset({ token: resetToken(email.sent), newPassword: 'short' }),
    ).rejects.toMatchObject({ code: 'INVALID_ONE_TIME_TOKEN' });
  });

  it('refuses the token of a user deleted since', async () => {
    const { auth, users, ada, email, tasks } = await fixture();
    auth.requestPasswordReset({ email: 'ada@example.com', language: 'en' });
    await tasks.flush();
    await tasks.flush();
    const token = resetToken(email.sent);
    await users.delete(ada.id);
    await expect(
      auth.confirmPasswordReset({ token, newPassword: NEW_PASSWORD }),
    ).rejects.toMatchObject({ code: 'INVALID_ONE_TIME_TOKEN' });
  });

  it('refuses a token the repository could not spend', async () => {
    const { auth, authRepository, email, tasks } = await fixture();
    auth.requestPasswordReset({ email: 'ada@example.com', language: 'en' });
    await tasks.flush();
    await tasks.flush();
    authRepository.resetPassword = () => Promise.resolve(false);
    await expect(
      auth.confirmPasswordReset({ token: resetToken(email.sent), newPassword: NEW_PASSWORD }),
    ).rejects.toMatchObject({ code: 'INVALID_ONE_TIME_TOKEN' });
  });

  it('accepts a token just before its 30 minutes run out', async () => {
    const { auth, email, tasks, clock } = await fixture();
    auth.requestPasswordReset({ email: 'ada@example.com', language: 'en' });
    await tasks.flush();
    await tasks.flush();
    clock.advance(30 * 60_000 - 1);
    await auth.confirmPasswordReset({ token: resetToken(email.sent), newPassword: NEW_PASSWORD });
    await expect(auth.logIn({ login: 'ada', password: NEW_PASSWORD })).resolves.toBeDefined();
  });
});

describe("the operator's password reset", () => {
  it('sets the password of a user by name and ends every session', async () => {
    const { auth } = await fixture();
    const old = await auth.logIn({ login: 'ada', password: PASSWORD });
    await auth.setPasswordByOperator({ username: 'ada', newPassword: NEW_PASSWORD });
    await expect(auth.authenticate(old.accessToken)).rejects.toMatchObject({
      code: 'INVALID_TOKEN',
    });
    await expect(auth.logIn({ login: 'ada', password: PASSWORD })).rejects.toMatchObject({
      code: 'INVALID_CREDENTIALS',
    });
    await expect(auth.logIn({ login: 'ada', password: NEW_PASSWORD })).resolves.toBeDefined();
  });

  it('answers USER_NOT_FOUND for an unknown name and applies the policy', async () => {
    const { auth } = await fixture();
    await expect(
      auth.setPasswordByOperator({ username: 'nobody', newPassword: NEW_PASSWORD }),
    ).rejects.toMatchObject({ code: 'USER_NOT_FOUND' });
    await expect(
      auth.setPasswordByOperator({ username: 'ada', newPassword: 'short' }),
    ).rejects.toMatchObject({ code: 'VALIDATION_ERROR', errors: [{ path: 'newPassword' }] });
    await expect(auth.logIn({ login: 'ada', password: PASSWORD })).resolves.toBeDefined();
  });
});
