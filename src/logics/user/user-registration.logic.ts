import { ValidationError } from '../../kit/errors/catalogue.ts';
import type { PasswordHasher } from '../../kit/crypto/password.ts';
import { describeError, type Logger } from '../../kit/log/logger.ts';
import type { Clock, Defer, IdGenerator } from '../../kit/runtime.ts';
import type { UserResponse } from '../../models/dtos/user/repository/user.repository.dtos.ts';
import { normalizeEmail, passwordProblems, type UserRole } from '../../models/entities/user.ts';
import type { EmailGateway } from '../../repositories/email/email.gateway.port.ts';
import type { UserRepository } from '../../repositories/user/user.repository.port.ts';

export interface RegistrationDeps {
  readonly users: UserRepository;
  readonly passwords: PasswordHasher;
  readonly email: EmailGateway;
  readonly defer: Defer;
  readonly clock: Clock;
  readonly newId: IdGenerator;
  readonly logger: Logger;
}

export interface RegisterUserCommand {
  readonly username: string;
  readonly email: string;
  readonly password: string;
  /** `user` through the API; `admin` only from the command line. */
  readonly role?: UserRole;
}

/**
 * Registers a user: checks the password policy, hashes the password, and lets the
 * database's unique indexes decide whether the username or email is taken (no read before
 * the write, so no race). The welcome email goes out after the user is committed, without
 * delaying the answer; a failing gateway is logged and never fails the registration.
 *
 * @throws {ValidationError} when the password breaks the policy.
 * @throws {UserAlreadyExistsError} when a live user has the username or the email.
 * @example
 * const user = await registerUser(deps)({ username: 'ada', email: 'ada@example.com', password });
 */
export const registerUser =
  (deps: RegistrationDeps) =>
  async (command: RegisterUserCommand): Promise<UserResponse> => {
    const problems = passwordProblems(command.password, command.username);
    if (problems.length > 0) {
      throw new ValidationError({
        errors: problems.map((message) => ({ path: 'password', message })),
      });
    }
    const user = await deps.users.create({
      id: deps.newId(),
      username: command.username,
      email: normalizeEmail(command.email),
      passwordHash: await deps.passwords.hash(command.password),
      role: command.role ?? 'user',
      now: deps.clock(),
    });
    deps.defer(
      deps.email
        .sendWelcome({ userId: user.id, to: user.email, username: user.username })
        .catch((error: unknown) => {
          deps.logger.warn('welcome email failed', { userId: user.id, ...describeError(error) });
        }),
    );
    return user;
  };
