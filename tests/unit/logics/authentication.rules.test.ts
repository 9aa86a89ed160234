import { recordReads } from '../../fakes/in-memory-user.repository.ts';
import { describe, expect, it } from 'vitest';
import { sha256 } from '../../../src/kit/crypto/encoding.ts';
import { fakeAppDeps } from '../../fakes/fake-app-deps.ts';

/*
 * The token and log-in rules at their edges: the refresh lifetime to the millisecond, a
 * retired token that also expired, a lost rotation race, a user deleted mid-log-in, and
 * the fresh reads the decisions must make.
 */

const PASSWORD = 'a long enough password';
/** The refresh lifetime fakeAppDeps configures. */
const REFRESH_TTL_MS = 3_600_000;

async function fixture() {
  const fake = fakeAppDeps();
  const ada = await fake.deps.users.register({
    username: 'ada',
    email: 'ada@example.com',
    password: PASSWORD,
  });
  return { ...fake, auth: fake.deps.auth, ada };
}

const invalidToken = { code: 'INVALID_TOKEN' };

describe('log-in', () => {
  it('trims the login before looking the user up', async () => {
    const { auth } = await fixture();
    await expect(auth.logIn({ login: '  ada ', password: PASSWORD })).resolves.toMatchObject({
      tokenType: 'Bearer',
    });
  });

  it('gives a user deleted between the lookup and the log-in tokens that open nothing', async () => {
    // The (account, address) count no longer tells a deleted user apart (an unknown login
    // is counted too): what matters is that the tokens are worthless.
    const { auth, authRepository, users, ada } = await fixture();
    const findCredentials = authRepository.findCredentials;
    authRepository.findCredentials = async (query) => {
      const found = await findCredentials(query);
      await users.delete({ id: ada.id, now: new Date() });
      return found;
    };
    const session = await auth.logIn({ login: 'ada', password: PASSWORD });
    await expect(auth.authenticate(session.accessToken)).rejects.toMatchObject(invalidToken);
    await expect(auth.refresh(session.refreshToken)).rejects.toMatchObject(invalidToken);
  });
});

describe('refresh tokens', () => {
  it('expire exactly the configured lifetime after they are issued', async () => {
    const { auth, authRepository, clock } = await fixture();
    const issuedAt = clock.now().getTime();
    const session = await auth.logIn({ login: 'ada', password: PASSWORD });
    const [stored] = [...authRepository.tokens.values()];
    expect(stored?.expiresAt.getTime()).toBe(issuedAt + REFRESH_TTL_MS);
    clock.advance(REFRESH_TTL_MS - 1);
    const next = await auth.refresh(session.refreshToken);
    clock.advance(REFRESH_TTL_MS);
    await expect(auth.refresh(next.refreshToken)).rejects.toMatchObject(invalidToken);
  });

  it('refuses a revoked token without issuing another', async () => {
    const { auth, authRepository } = await fixture();
    const session = await auth.logIn({ login: 'ada', password: PASSWORD });
    const [stored] = [...authRepository.tokens.values()];
    await authRepository.revokeFamily({ familyId: stored?.familyId ?? '', now: new Date() });
    await expect(auth.refresh(session.refreshToken)).rejects.toMatchObject(invalidToken);
    expect(authRepository.tokens.size).toBe(1);
  });

  it('refuses a revoked token itself, even where a rotation would go through', async () => {
    const { auth, authRepository } = await fixture();
    const session = await auth.logIn({ login: 'ada', password: PASSWORD });
    const [stored] = [...authRepository.tokens.values()];
    await authRepository.revokeFamily({ familyId: stored?.familyId ?? '', now: new Date() });
    authRepository.rotateRefreshToken = () => Promise.resolve(true);
    await expect(auth.refresh(session.refreshToken)).rejects.toMatchObject(invalidToken);
  });

  it('revokes the family when a retired token comes back, even after it expired', async () => {
    const { auth, clock } = await fixture();
    const first = await auth.logIn({ login: 'ada', password: PASSWORD });
    clock.advance(60_000);
    const second = await auth.refresh(first.refreshToken);
    clock.advance(REFRESH_TTL_MS - 60_000);
    await expect(auth.refresh(first.refreshToken)).rejects.toMatchObject(invalidToken);
    await expect(auth.refresh(second.refreshToken)).rejects.toMatchObject(invalidToken);
  });

  it('revokes the family when another refresh of the same token won the race', async () => {
    const { auth, authRepository } = await fixture();
    const session = await auth.logIn({ login: 'ada', password: PASSWORD });
    authRepository.rotateRefreshToken = () => Promise.resolve(false);
    await expect(auth.refresh(session.refreshToken)).rejects.toMatchObject(invalidToken);
    const stored = await authRepository.findRefreshToken(await sha256(session.refreshToken));
    expect(stored).toBeDefined();
    expect(stored?.revokedAt).not.toBeNull();
    expect(stored?.revokedAt).toBeInstanceOf(Date);
  });

  it('reads the user fresh, never from the cache', async () => {
    const { auth, users, ada } = await fixture();
    const session = await auth.logIn({ login: 'ada', password: PASSWORD });
    const reads = recordReads(users);
    await auth.refresh(session.refreshToken);
    expect(reads).toEqual([{ id: ada.id, fresh: true }]);
  });
});
