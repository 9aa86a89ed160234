import type { AppDeps } from '../../src/app';
import { createJwtAccessTokens } from '../../src/kit/auth/hono-jwt';
import type { PasswordHasher } from '../../src/kit/crypto/password';
import { createLogger, type Logger } from '../../src/kit/log/logger';
import { createAuthLogic } from '../../src/logics/auth';
import { createUserLogic } from '../../src/logics/user';
import { createUserGuards } from '../../src/services/auth/guards';
import { FakeClock } from './clock';
import { DeferredTasks } from './deferred-tasks';
import { FakeEmailGateway } from './fake-email.gateway';
import { fakePasswordHasher } from './fake-password-hasher';
import { InMemoryAuthRepository } from './in-memory-auth.repository';
import { InMemoryUserRepository } from './in-memory-user.repository';

export const TEST_JWT_SECRET = 'test-secret-of-at-least-32-bytes-long!!';

/** App deps made only of fakes: for tests of the HTTP layer that need no database. */
export function fakeAppDeps({
  logger = createLogger({ level: 'silent' }),
  passwords = fakePasswordHasher,
}: { logger?: Logger; passwords?: PasswordHasher } = {}) {
  const users = new InMemoryUserRepository();
  const authRepository = new InMemoryAuthRepository(users);
  const email = new FakeEmailGateway();
  const tasks = new DeferredTasks();
  const clock = new FakeClock();
  let ids = 0;
  const newId = () => `00000000-0000-4000-8000-${String(++ids).padStart(12, '0')}`;
  const auth = createAuthLogic({
    auth: authRepository,
    users,
    passwords,
    tokens: createJwtAccessTokens({
      secret: TEST_JWT_SECRET,
      issuer: 'test',
      audience: 'test',
      ttlSeconds: 900,
    }),
    clock: clock.now,
    newId,
    refreshTokenTtlSeconds: 3600,
  });
  const deps: AppDeps = {
    logger,
    readiness: [],
    users: createUserLogic({
      users,
      passwords,
      email,
      defer: tasks.defer,
      clock: clock.now,
      newId,
      logger,
    }),
    auth,
    userGuards: createUserGuards(auth),
  };
  return { deps, users, authRepository, email, tasks, clock };
}
