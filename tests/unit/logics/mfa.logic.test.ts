import { describe, expect, it } from 'vitest';
import { createJwtAccessTokens } from '../../../src/kit/auth/hono-jwt.ts';
import { ServiceUnavailableError } from '../../../src/kit/errors/catalogue.ts';
import { createLogger } from '../../../src/kit/log/logger.ts';
import { createAuthLogic } from '../../../src/logics/auth/index.ts';
import { fakePasswordHasher } from '../../fakes/fake-password-hasher.ts';
import { totpAt } from '../../support/rfc6238.ts';
import { ADA, mfaFixture, PASSWORD, ROOT } from './mfa.fixture.ts';

async function fixture() {
  const { users, clock, newId, mfaRepository, authRepository, mfa } = await mfaFixture();
  const auth = createAuthLogic({
    auth: authRepository,
    users,
    passwords: fakePasswordHasher,
    tokens: createJwtAccessTokens({
      secret: 'test-secret-of-at-least-32-bytes-long!!',
      issuer: 'test',
      audience: 'test',
      ttlSeconds: 900,
    }),
    clock: clock.now,
    newId,
    refreshTokenTtlSeconds: 3600,
    secondFactor: mfa.check,
    publicUrl: 'https://app.example.test',
    defer: () => undefined,
    logger: createLogger({ level: 'silent' }),
    emailsQueued: () => undefined,
  });
  const logIn = (otp?: string) => auth.logIn({ login: 'ada', password: PASSWORD, otp });
  return { users, mfa, mfaRepository, authRepository, auth, clock, logIn };
}

describe('the second factor', () => {
  it('enrols, stores the secret sealed, confirms, then asks log-in for a code used once', async () => {
    const { mfa, mfaRepository, clock, logIn, users } = await fixture();
    const { secret, otpauthUri } = await mfa.enrolTotp(ADA);
    expect(mfaRepository.totp.get(ADA)?.sealedSecret).not.toContain(secret);
    await expect(logIn()).resolves.toMatchObject({ tokenType: 'Bearer' });

    const { recoveryCodes } = await mfa.confirmTotp(ADA, totpAt(otpauthUri, clock.now()));
    expect(recoveryCodes).toHaveLength(10);
    expect(await users.findById({ id: ADA })).toMatchObject({ mfaEnabled: true });

    await expect(logIn()).rejects.toMatchObject({ code: 'MFA_REQUIRED', status: 401 });
    // The confirming code's step is spent: the same code cannot log in.
    await expect(logIn(totpAt(otpauthUri, clock.now()))).rejects.toMatchObject({
      code: 'INVALID_CREDENTIALS',
    });
    clock.advance(30_000);
    const code = totpAt(otpauthUri, clock.now());
    await expect(logIn(code)).resolves.toMatchObject({ tokenType: 'Bearer' });
    await expect(logIn(code)).rejects.toMatchObject({ code: 'INVALID_CREDENTIALS' });
    const recovery = recoveryCodes[0] ?? '';
    await expect(logIn(` ${recovery.toUpperCase()} `)).resolves.toMatchObject({
      tokenType: 'Bearer',
    });
    await expect(logIn(recovery)).rejects.toMatchObject({ code: 'INVALID_CREDENTIALS' });
  });

  it('spends a code only with the session it starts: a log-in that fails (503) keeps it', async () => {
    const { mfa, authRepository, clock, logIn } = await fixture();
    const { otpauthUri } = await mfa.enrolTotp(ADA);
    const { recoveryCodes } = await mfa.confirmTotp(ADA, totpAt(otpauthUri, clock.now()));
    clock.advance(30_000);
    const totp = totpAt(otpauthUri, clock.now());
    const recovery = recoveryCodes[0] ?? '';
    const completeLogin = authRepository.completeLogin;
    authRepository.completeLogin = () => Promise.reject(new ServiceUnavailableError());
    await expect(logIn(totp)).rejects.toMatchObject({ code: 'SERVICE_UNAVAILABLE', status: 503 });
    await expect(logIn(recovery)).rejects.toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
    authRepository.completeLogin = completeLogin;
    await expect(logIn(totp)).resolves.toMatchObject({ tokenType: 'Bearer' });
    await expect(logIn(recovery)).resolves.toMatchObject({ tokenType: 'Bearer' });
    await expect(logIn(recovery)).rejects.toMatchObject({ code: 'INVALID_CREDENTIALS' });
  });

  it('refuses a code another log-in spent between the check and the batch', async () => {
    const { mfa, authRepository, mfaRepository, clock, logIn } = await fixture();
    const { otpauthUri } = await mfa.enrolTotp(ADA);
    const { recoveryCodes } = await mfa.confirmTotp(ADA, totpAt(otpauthUri, clock.now()));
    const recovery = recoveryCodes[0] ?? '';
    const completeLogin = authRepository.completeLogin;
    authRepository.completeLogin = (command) => {
      for (const code of mfaRepository.recoveryCodes.get(ADA) ?? []) code.usedAt = clock.now();
      return completeLogin(command);
    };
    await expect(logIn(recovery)).rejects.toMatchObject({ code: 'INVALID_CREDENTIALS' });
  });

  it('refuses a wrong code (400 naming code), a second enrolment (409) and nothing pending (409)', async () => {
    const { mfa, clock } = await fixture();
    await expect(mfa.confirmTotp(ADA, '123456')).rejects.toMatchObject({ code: 'INVALID_STATE' });
    const { otpauthUri } = await mfa.enrolTotp(ADA);
    await expect(mfa.confirmTotp(ADA, '12345x')).rejects.toMatchObject({
      code: 'VALIDATION_ERROR',
      errors: [{ path: 'code' }],
    });
    await mfa.confirmTotp(ADA, totpAt(otpauthUri, clock.now()));
    await expect(mfa.enrolTotp(ADA)).rejects.toMatchObject({ code: 'INVALID_STATE' });
  });

  it('is removed by an admin without a password, by the user only with theirs', async () => {
    const { mfa, clock, logIn } = await fixture();
    const enrolAndConfirm = async () => {
      const { otpauthUri } = await mfa.enrolTotp(ADA);
      await mfa.confirmTotp(ADA, totpAt(otpauthUri, clock.now()));
    };
    await enrolAndConfirm();
    await mfa.removeTotp({ userId: ADA, actor: { id: ROOT, role: 'admin', sessionId: 's-root' } });
    await expect(logIn()).resolves.toMatchObject({ tokenType: 'Bearer' });
    await expect(
      mfa.removeTotp({ userId: ADA, actor: { id: ROOT, role: 'admin', sessionId: 's-root' } }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });

    await enrolAndConfirm();
    const self = { id: ADA, role: 'user', sessionId: 's-ada' } as const;
    await expect(mfa.removeTotp({ userId: ADA, actor: self })).rejects.toMatchObject({
      code: 'VALIDATION_ERROR',
      errors: [{ path: 'password' }],
    });
    await mfa.removeTotp({ userId: ADA, actor: self, password: 'a long enough password' });
    await expect(logIn()).resolves.toMatchObject({ tokenType: 'Bearer' });
  });

  it('asks for a code when the one sent is empty, and counts no failure for the right password', async () => {
    const { mfa, clock, auth } = await fixture();
    const { otpauthUri } = await mfa.enrolTotp(ADA);
    await mfa.confirmTotp(ADA, totpAt(otpauthUri, clock.now()));
    const guess = () => auth.logIn({ login: 'ada', password: 'wrong password!' });
    for (let i = 0; i < 4; i++)
      await expect(guess()).rejects.toMatchObject({ code: 'INVALID_CREDENTIALS' });
    await expect(
      auth.logIn({ login: 'ada', password: 'a long enough password', otp: '' }),
    ).rejects.toMatchObject({ code: 'MFA_REQUIRED' });
    // The right password reset the count: four more wrong guesses do not lock.
    for (let i = 0; i < 4; i++)
      await expect(guess()).rejects.toMatchObject({ code: 'INVALID_CREDENTIALS' });
  });
});
