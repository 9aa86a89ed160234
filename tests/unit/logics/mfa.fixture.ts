import { createAesGcmSecretBox } from '../../../src/kit/crypto/secret-box.ts';
import { createMfaLogic } from '../../../src/logics/auth/mfa.logic.ts';
import { FakeClock } from '../../fakes/clock.ts';
import { fakePasswordHasher } from '../../fakes/fake-password-hasher.ts';
import { InMemoryAuthRepository } from '../../fakes/in-memory-auth.repository.ts';
import { InMemoryMfaRepository } from '../../fakes/in-memory-mfa.repository.ts';
import { InMemoryUserRepository } from '../../fakes/in-memory-user.repository.ts';

export const ADA = '00000000-0000-4000-8000-00000000000a';
export const ROOT = '00000000-0000-4000-8000-00000000000b';
export const PASSWORD = 'a long enough password';

/**
 * The second factor's logic over in-memory fakes: ada (a user) and root (an admin), both
 * with `PASSWORD`, a fake clock and sequential ids.
 */
export async function mfaFixture() {
  const users = new InMemoryUserRepository();
  const clock = new FakeClock(new Date('2026-05-01T12:00:10.000Z'));
  let ids = 0;
  const newId = () => `00000000-0000-4000-8000-${String(++ids).padStart(12, '0')}`;
  for (const [id, username, role] of [
    [ADA, 'ada', 'user'],
    [ROOT, 'root', 'admin'],
  ] as const) {
    await users.create({
      id,
      username,
      email: `${username}@example.com`,
      passwordHash: await fakePasswordHasher.hash(PASSWORD),
      role,
      now: clock.now(),
    });
  }
  const mfaRepository = new InMemoryMfaRepository(users);
  const authRepository = new InMemoryAuthRepository(users);
  const mfa = createMfaLogic({
    mfa: mfaRepository,
    auth: authRepository,
    users,
    passwords: fakePasswordHasher,
    secrets: createAesGcmSecretBox(btoa('0123456789abcdef0123456789abcdef')),
    clock: clock.now,
    newId,
    issuer: 'test',
  });
  return { users, clock, newId, mfaRepository, authRepository, mfa };
}
