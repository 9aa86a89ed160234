import { describe, expect, it } from 'vitest';
import { fakeAppDeps } from '../../fakes/fake-app-deps.ts';

const PASSWORD = 'a long enough password';
const NEW_PASSWORD = 'a brand new phrase 7';

async function fixture() {
  const fake = fakeAppDeps();
  const { users, auth } = fake.deps;
  const ada = await users.register({
    username: 'ada',
    email: 'ada@example.com',
    password: PASSWORD,
  });
  await fake.tasks.flush();
  const logIn = (userAgent?: string) => auth.logIn({ login: 'ada', password: PASSWORD, userAgent });
  return { ...fake, users, auth, ada, logIn };
}

/** The token of the newest link to `path` the fake provider received. */
function lastLinkToken(sent: readonly { text: string }[], path: string): string {
  const match = new RegExp(`/${path}\\?token=([A-Za-z0-9_-]+)`).exec(sent.at(-1)?.text ?? '');
  if (!match?.[1]) throw new Error(`no ${path} link was sent`);
  return match[1];
}

describe('sessions', () => {
  it('lists live sessions newest first, marks the current one, and ends one at once', async () => {
    const { auth, ada, logIn, clock } = await fixture();
    const laptop = await logIn('laptop');
    clock.advance(1000);
    const phone = await logIn('phone');
    const me = await auth.authenticate(laptop.accessToken);
    const sessions = await auth.listSessions(ada.id, me.sessionId);
    expect(sessions.map((s) => [s.userAgent, s.current])).toEqual([
      ['phone', false],
      ['laptop', true],
    ]);
    await auth.endSession(ada.id, sessions[0]?.id ?? '');
    await expect(auth.authenticate(phone.accessToken)).rejects.toMatchObject({
      code: 'INVALID_TOKEN',
    });
    await expect(auth.refresh(phone.refreshToken)).rejects.toMatchObject({ code: 'INVALID_TOKEN' });
    await expect(auth.endSession(ada.id, sessions[0]?.id ?? '')).rejects.toMatchObject({
      code: 'SESSION_NOT_FOUND',
    });
    expect(await auth.authenticate(laptop.accessToken)).toMatchObject({ id: ada.id });
  });

  it('logs out by refresh token; an unknown token is no error', async () => {
    const { auth, logIn } = await fixture();
    const pair = await logIn();
    await auth.logOut(pair.refreshToken);
    await auth.logOut(pair.refreshToken);
    await auth.logOut('never issued');
    await expect(auth.authenticate(pair.accessToken)).rejects.toMatchObject({
      code: 'INVALID_TOKEN',
    });
  });

  it('ends the session on refresh-token reuse: its newest access token stops at once', async () => {
    const { auth, logIn } = await fixture();
    const first = await logIn();
    const second = await auth.refresh(first.refreshToken);
    await expect(auth.refresh(first.refreshToken)).rejects.toMatchObject({ code: 'INVALID_TOKEN' });
    await expect(auth.authenticate(second.accessToken)).rejects.toMatchObject({
      code: 'INVALID_TOKEN',
    });
  });

  it('answers USER_NOT_FOUND for the sessions of a user who is not there', async () => {
    const { auth } = await fixture();
    await expect(
      auth.listSessions('00000000-0000-4000-8000-999999999999', 'x'),
    ).rejects.toMatchObject({ code: 'USER_NOT_FOUND' });
  });
});

describe('changePassword', () => {
  it('ends every earlier session and answers the pair of a new one', async () => {
    const { auth, ada, logIn } = await fixture();
    const old = await logIn();
    const fresh = await auth.changePassword({
      userId: ada.id,
      currentPassword: PASSWORD,
      newPassword: NEW_PASSWORD,
    });
    await expect(auth.authenticate(old.accessToken)).rejects.toMatchObject({
      code: 'INVALID_TOKEN',
    });
    await expect(auth.refresh(old.refreshToken)).rejects.toMatchObject({ code: 'INVALID_TOKEN' });
    expect(await auth.authenticate(fresh.accessToken)).toMatchObject({ id: ada.id });
    await expect(auth.logIn({ login: 'ada', password: PASSWORD })).rejects.toMatchObject({
      code: 'INVALID_CREDENTIALS',
    });
    expect(await auth.logIn({ login: 'ada', password: NEW_PASSWORD })).toBeDefined();
  });

  it('counts a wrong current password as a failed log-in of its (account, address) pair', async () => {
    const { auth, ada } = await fixture();
    const wrong = () =>
      auth.changePassword({
        userId: ada.id,
        currentPassword: 'nope',
        newPassword: NEW_PASSWORD,
        clientAddress: '203.0.113.9',
      });
    for (let i = 0; i < 4; i++) {
      await expect(wrong()).rejects.toMatchObject({
        code: 'VALIDATION_ERROR',
        errors: [{ path: 'currentPassword' }],
      });
    }
    await expect(wrong()).rejects.toMatchObject({ code: 'ACCOUNT_LOCKED' });
    await expect(
      auth.logIn({ login: 'ada', password: PASSWORD, clientAddress: '203.0.113.9' }),
    ).rejects.toMatchObject({ code: 'ACCOUNT_LOCKED' });
    // The owner on another address is not locked out by these guesses.
    await expect(
      auth.logIn({ login: 'ada', password: PASSWORD, clientAddress: '198.51.100.4' }),
    ).resolves.toMatchObject({ tokenType: 'Bearer' });
  });

  it('counts wrong current passwords toward the account-wide lock too', async () => {
    const { auth, ada } = await fixture();
    for (let i = 0; i < 20; i++) {
      await auth
        .changePassword({
          userId: ada.id,
          currentPassword: 'nope',
          newPassword: NEW_PASSWORD,
          clientAddress: `203.0.113.${i}`,
        })
        .catch(() => undefined);
    }
    await expect(
      auth.logIn({ login: 'ada', password: PASSWORD, clientAddress: '198.51.100.4' }),
    ).rejects.toMatchObject({ code: 'ACCOUNT_LOCKED' });
  });

  it('applies the one password policy to the new password', async () => {
    const { auth, ada } = await fixture();
    await expect(
      auth.changePassword({
        userId: ada.id,
        currentPassword: PASSWORD,
        newPassword: 'xADAx-long-enough',
      }),
    ).rejects.toMatchObject({ code: 'VALIDATION_ERROR', errors: [{ path: 'newPassword' }] });
  });
});

describe('password reset', () => {
  it('emails a link for a known address only; its token works once and ends every session', async () => {
    const { auth, logIn, email, tasks } = await fixture();
    const old = await logIn();
    const before = email.sent.length;
    auth.requestPasswordReset({ email: 'nobody@example.com', language: 'en' });
    auth.requestPasswordReset({ email: ' ADA@example.com ', language: 'en' });
    await tasks.flush();
    await tasks.flush();
    expect(email.sent.slice(before).map((m) => [m.to, m.subject])).toEqual([
      ['ada@example.com', 'Reset your password'],
    ]);
    const token = lastLinkToken(email.sent, 'reset-password');
    await auth.confirmPasswordReset({ token, newPassword: NEW_PASSWORD });
    await expect(auth.authenticate(old.accessToken)).rejects.toMatchObject({
      code: 'INVALID_TOKEN',
    });
    await expect(
      auth.confirmPasswordReset({ token, newPassword: 'another new phrase 9' }),
    ).rejects.toMatchObject({ code: 'INVALID_ONE_TIME_TOKEN' });
    expect(await auth.logIn({ login: 'ada', password: NEW_PASSWORD })).toBeDefined();
  });

  it('clears the failed-log-in counts and locks: account-wide and every address pair', async () => {
    const { auth, email, tasks } = await fixture();
    const guess = (address: string) =>
      auth.logIn({ login: 'ada', password: 'nope', clientAddress: address }).catch(() => undefined);
    for (let i = 0; i < 5; i++) await guess('203.0.113.1');
    for (let i = 0; i < 15; i++) await guess(`198.51.100.${i}`);
    await expect(
      auth.logIn({ login: 'ada', password: PASSWORD, clientAddress: '192.0.2.8' }),
    ).rejects.toMatchObject({ code: 'ACCOUNT_LOCKED' });
    auth.requestPasswordReset({ email: 'ada@example.com', language: 'en' });
    await tasks.flush();
    await tasks.flush();
    await auth.confirmPasswordReset({
      token: lastLinkToken(email.sent, 'reset-password'),
      newPassword: NEW_PASSWORD,
    });
    for (const address of ['192.0.2.8', '203.0.113.1']) {
      await expect(
        auth.logIn({ login: 'ada', password: NEW_PASSWORD, clientAddress: address }),
      ).resolves.toMatchObject({ tokenType: 'Bearer' });
    }
  });

  it('refuses a token past 30 minutes, and one a newer request replaced', async () => {
    const { auth, email, tasks, clock } = await fixture();
    auth.requestPasswordReset({ email: 'ada@example.com', language: 'fa' });
    await tasks.flush();
    await tasks.flush();
    expect(email.sent.at(-1)?.subject).toBe('بازنشانی گذرواژه');
    const first = lastLinkToken(email.sent, 'reset-password');
    auth.requestPasswordReset({ email: 'ada@example.com', language: 'en' });
    await tasks.flush();
    await tasks.flush();
    const second = lastLinkToken(email.sent, 'reset-password');
    await expect(
      auth.confirmPasswordReset({ token: first, newPassword: NEW_PASSWORD }),
    ).rejects.toMatchObject({ code: 'INVALID_ONE_TIME_TOKEN' });
    clock.advance(30 * 60_000);
    await expect(
      auth.confirmPasswordReset({ token: second, newPassword: NEW_PASSWORD }),
    ).rejects.toMatchObject({ code: 'INVALID_ONE_TIME_TOKEN' });
  });
});

describe('email verification', () => {
  it('verifies with the welcome link once; an email change unverifies and sends a new link', async () => {
    const { auth, users, ada, email, tasks } = await fixture();
    const welcome = lastLinkToken(email.sent, 'verify-email');
    expect((await auth.verifyEmail(welcome)).emailVerified).toBe(true);
    await expect(auth.verifyEmail(welcome)).rejects.toMatchObject({
      code: 'INVALID_ONE_TIME_TOKEN',
    });
    await expect(auth.resendVerificationEmail(ada.id, 'en')).rejects.toMatchObject({
      code: 'INVALID_STATE',
    });
    const changed = await users.update({ id: ada.id, email: 'ada@new.example.com' });
    expect(changed.emailVerified).toBe(false);
    await tasks.flush();
    expect(email.sent.at(-1)).toMatchObject({
      to: 'ada@new.example.com',
      subject: 'Verify your email',
    });
    expect((await auth.verifyEmail(lastLinkToken(email.sent, 'verify-email'))).emailVerified).toBe(
      true,
    );
  });

  it('sends nothing and keeps the verification when the email does not change', async () => {
    const { auth, users, ada, email, tasks } = await fixture();
    await auth.verifyEmail(lastLinkToken(email.sent, 'verify-email'));
    const before = email.sent.length;
    const same = await users.update({ id: ada.id, email: 'ADA@example.com' });
    await tasks.flush();
    expect(same.emailVerified).toBe(true);
    expect(email.sent).toHaveLength(before);
  });
});
