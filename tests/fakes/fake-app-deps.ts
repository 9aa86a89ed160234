import type { AppDeps } from '../../src/app.ts';
import { createJwtAccessTokens } from '../../src/kit/auth/hono-jwt.ts';
import type { PasswordHasher } from '../../src/kit/crypto/password.ts';
import { createLogger, type Logger } from '../../src/kit/log/logger.ts';
import { createAuthLogic } from '../../src/logics/auth/index.ts';
import { createUserLogic } from '../../src/logics/user/index.ts';
import { FakeClock } from './clock.ts';
import { DeferredTasks } from './deferred-tasks.ts';
import { FakeEmailGateway } from './fake-email.gateway.ts';
import { fakePasswordHasher } from './fake-password-hasher.ts';
import { InMemoryAuthRepository } from './in-memory-auth.repository.ts';
import { InMemoryUserRepository } from './in-memory-user.repository.ts';
import { InMemoryOutboxRepository } from './in-memory-outbox.repository.ts';
import { createEmailLogic } from '../../src/logics/email/index.ts';

export const TEST_JWT_SECRET = 'test-secret-of-at-least-32-bytes-long!!';

/** The one origin the BDD profiles list in `CORS_ORIGINS` (features/cors.feature). */
export const CORS_TEST_ORIGIN = 'https://app.example.test';

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
  const outbox = new InMemoryOutboxRepository(users);
  const emails = createEmailLogic({
    outbox,
    email,
    clock: clock.now,
    logger,
    maxAttempts: 3,
    retryBaseSeconds: 30,
  });
  const emailsQueued = () => {
    tasks.defer(emails.drain());
  };
  const publicUrl = 'https://app.example.test';
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
    // No second factor is enrolled through these deps: any code is refused.
    secondFactor: { verifyLogin: () => Promise.resolve(undefined) },
    publicUrl,
    defer: tasks.defer,
    logger,
    emailsQueued,
  });
  const deps: AppDeps = {
    logger,
    readiness: [],
    users: createUserLogic({
      users,
      passwords,
      clock: clock.now,
      newId,
      publicUrl,
      emailsQueued,
    }),
    auth,
    emails,
  };
  return { deps, users, authRepository, outbox, email, tasks, clock };
}
