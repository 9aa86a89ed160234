import type { AppDeps } from '../../src/app';
import { createLogger, type Logger } from '../../src/kit/log/logger';
import { createUserLogic } from '../../src/logics/user';
import { FakeClock } from './clock';
import { DeferredTasks } from './deferred-tasks';
import { FakeEmailGateway } from './fake-email.gateway';
import { fakePasswordHasher } from './fake-password-hasher';
import { InMemoryUserRepository } from './in-memory-user.repository';

/** App deps made only of fakes: for tests of the HTTP layer that need no database. */
export function fakeAppDeps({
  logger = createLogger({ level: 'silent' }),
}: { logger?: Logger } = {}) {
  const users = new InMemoryUserRepository();
  const email = new FakeEmailGateway();
  const tasks = new DeferredTasks();
  const clock = new FakeClock();
  let ids = 0;
  const deps: AppDeps = {
    logger,
    readiness: [],
    users: createUserLogic({
      users,
      passwords: fakePasswordHasher,
      email,
      defer: tasks.defer,
      clock: clock.now,
      newId: () => `00000000-0000-4000-8000-${String(++ids).padStart(12, '0')}`,
      logger,
    }),
    userGuards: { signedIn: [], selfOrAdmin: [], admin: [] },
  };
  return { deps, users, email, tasks, clock };
}
