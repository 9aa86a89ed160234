import { recordReads } from '../../fakes/in-memory-user.repository.ts';
import { describe, expect, it } from 'vitest';
import { fakeAppDeps } from '../../fakes/fake-app-deps.ts';

const DAY_MS = 24 * 60 * 60_000;

async function fixture() {
  const fake = fakeAppDeps();
  const ada = await fake.deps.users.register({
    username: 'ada',
    email: 'ada@example.com',
    password: 'a long enough password',
  });
  await fake.tasks.flush();
  const lastToken = () => {
    const match = /\/verify-email\?token=([A-Za-z0-9_-]+)/.exec(fake.email.sent.at(-1)?.text ?? '');
    if (!match?.[1]) throw new Error('no verification link was sent');
    return match[1];
  };
  return { ...fake, auth: fake.deps.auth, ada, lastToken };
}

const invalid = { code: 'INVALID_ONE_TIME_TOKEN' };

describe('verifyEmail', () => {
  it('refuses a token never issued', async () => {
    const { auth } = await fixture();
    await expect(auth.verifyEmail('never-issued')).rejects.toMatchObject(invalid);
  });

  it('accepts the link for 24 hours, reading the user fresh', async () => {
    const { auth, ada, clock, users, lastToken } = await fixture();
    clock.advance(DAY_MS - 1);
    const reads = recordReads(users);
    await expect(auth.verifyEmail(lastToken())).resolves.toMatchObject({
      id: ada.id,
      emailVerified: true,
    });
    expect(reads).toEqual([{ id: ada.id, fresh: true }]);
  });

  it('refuses the link after 24 hours, whatever the repository would spend', async () => {
    const { auth, authRepository, clock, lastToken } = await fixture();
    clock.advance(DAY_MS);
    authRepository.verifyEmail = () => Promise.resolve(true);
    await expect(auth.verifyEmail(lastToken())).rejects.toMatchObject(invalid);
  });

  it('refuses a token the repository could not spend', async () => {
    const { auth, authRepository, lastToken } = await fixture();
    authRepository.verifyEmail = () => Promise.resolve(false);
    await expect(auth.verifyEmail(lastToken())).rejects.toMatchObject(invalid);
  });

  it('refuses the token of a user gone by the time it is spent', async () => {
    const { auth, users, lastToken } = await fixture();
    users.findById = () => Promise.resolve(undefined);
    await expect(auth.verifyEmail(lastToken())).rejects.toMatchObject(invalid);
  });
});

describe('resendVerificationEmail', () => {
  it('sends a new link to an unverified user; the older link stops working', async () => {
    const { auth, ada, email, tasks, lastToken, users } = await fixture();
    const first = lastToken();
    const reads = recordReads(users);
    await auth.resendVerificationEmail(ada.id, 'en');
    expect(reads).toEqual([{ id: ada.id, fresh: true }]);
    await tasks.flush();
    expect(email.sent.at(-1)).toMatchObject({
      to: 'ada@example.com',
      subject: 'Verify your email',
    });
    const second = lastToken();
    expect(second).not.toBe(first);
    await expect(auth.verifyEmail(first)).rejects.toMatchObject(invalid);
    await expect(auth.verifyEmail(second)).resolves.toMatchObject({ emailVerified: true });
  });

  it('answers USER_NOT_FOUND for a user who is not there', async () => {
    const { auth } = await fixture();
    await expect(
      auth.resendVerificationEmail('00000000-0000-4000-8000-999999999999', 'en'),
    ).rejects.toMatchObject({ code: 'USER_NOT_FOUND' });
  });
});
