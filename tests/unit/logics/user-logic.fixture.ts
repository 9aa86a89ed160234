import { createLogger } from '../../../src/kit/log/logger.ts';
import { createUserLogic } from '../../../src/logics/user/index.ts';
import { FakeClock } from '../../fakes/clock.ts';
import { DeferredTasks } from '../../fakes/deferred-tasks.ts';
import { FakeEmailGateway } from '../../fakes/fake-email.gateway.ts';
import { fakePasswordHasher } from '../../fakes/fake-password-hasher.ts';
import { InMemoryUserRepository } from '../../fakes/in-memory-user.repository.ts';
import { InMemoryOutboxRepository } from '../../fakes/in-memory-outbox.repository.ts';
import { createEmailLogic } from '../../../src/logics/email/index.ts';

/** The user logic over fakes of every port, and the fakes, for assertions. */
export function userLogicFixture() {
  const users = new InMemoryUserRepository();
  const email = new FakeEmailGateway();
  const tasks = new DeferredTasks();
  const clock = new FakeClock();
  const logLines: string[] = [];
  let ids = 0;
  const logger = createLogger({ level: 'debug', write: (line) => logLines.push(line) });
  const outbox = new InMemoryOutboxRepository(users);
  const emails = createEmailLogic({
    outbox,
    email,
    clock: clock.now,
    logger,
    maxAttempts: 3,
    retryBaseSeconds: 30,
  });
  const logic = createUserLogic({
    users,
    passwords: fakePasswordHasher,
    clock: clock.now,
    newId: () => `00000000-0000-4000-8000-${String(++ids).padStart(12, '0')}`,
    publicUrl: 'https://app.example.test',
    emailsQueued: () => {
      tasks.defer(emails.drain());
    },
  });
  const register = (username: string, email = `${username}@example.com`) =>
    logic.register({ username, email, password: 'a long enough password' });
  return { logic, users, outbox, emails, email, tasks, clock, logLines, register };
}
