import { createLogger } from '../../../src/kit/log/logger';
import { createUserLogic } from '../../../src/logics/user';
import { FakeClock } from '../../fakes/clock';
import { DeferredTasks } from '../../fakes/deferred-tasks';
import { FakeEmailGateway } from '../../fakes/fake-email.gateway';
import { fakePasswordHasher } from '../../fakes/fake-password-hasher';
import { InMemoryUserRepository } from '../../fakes/in-memory-user.repository';

/** The user logic over fakes of every port, and the fakes, for assertions. */
export function userLogicFixture() {
  const users = new InMemoryUserRepository();
  const email = new FakeEmailGateway();
  const tasks = new DeferredTasks();
  const clock = new FakeClock();
  const logLines: string[] = [];
  let ids = 0;
  const logic = createUserLogic({
    users,
    passwords: fakePasswordHasher,
    email,
    defer: tasks.defer,
    clock: clock.now,
    newId: () => `00000000-0000-4000-8000-${String(++ids).padStart(12, '0')}`,
    logger: createLogger({ level: 'debug', write: (line) => logLines.push(line) }),
  });
  const register = (username: string, email = `${username}@example.com`) =>
    logic.register({ username, email, password: 'a long enough password' });
  return { logic, users, email, tasks, clock, logLines, register };
}
