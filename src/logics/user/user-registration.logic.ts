import type { PasswordHasher } from '../../kit/crypto/password.ts';
import type { Clock, IdGenerator } from '../../kit/runtime.ts';
import type { UserResponse } from '../../models/dtos/user/repository/user.repository.dtos.ts';
import { assertPasswordPolicy, normalizeEmail, type UserRole } from '../../models/entities/user.ts';
import type { UserRepository } from '../../repositories/user/user.repository.port.ts';
import type { EmailLanguage } from '../email/email-messages.ts';
import { verificationWrite } from '../email/verification-email.ts';

export interface RegistrationDeps {
  readonly users: UserRepository;
  readonly passwords: PasswordHasher;
  readonly clock: Clock;
  readonly newId: IdGenerator;
  /** The base of the links in emails (`PUBLIC_URL`). */
  readonly publicUrl: string;
  /** Called after a commit that wrote to the outbox: sends it soon, after the response. */
  readonly emailsQueued: () => void;
}

export interface RegisterUserCommand {
  readonly username: string;
  readonly email: string;
  readonly password: string;
  /** `user` through the API; `admin` only from the command line. */
  readonly role?: UserRole;
  /** The language of the welcome email: the request's. */
  readonly language?: EmailLanguage;
}

/**
 * Registers a user: checks the password policy, hashes the password, and lets the
 * database's unique indexes decide whether the username or email is taken (no read before
 * the write, so no race). The welcome email, which carries the email-verification link, is
 * written to the outbox in the same batch as the user and sent after the commit: a
 * provider outage delays it, never fails the registration.
 *
 * @throws {ValidationError} when the password breaks the policy.
 * @throws {UserAlreadyExistsError} when a live user has the username or the email.
 * @example
 * const user = await registerUser(deps)({ username: 'ada', email: 'ada@example.com', password });
 */
export const registerUser =
  (deps: RegistrationDeps) =>
  async (command: RegisterUserCommand): Promise<UserResponse> => {
    assertPasswordPolicy(command.password, command.username, 'password');
    const now = deps.clock();
    const id = deps.newId();
    const email = normalizeEmail(command.email);
    const write = await verificationWrite(
      deps,
      { id, username: command.username, email },
      now,
      command.language ?? 'en',
      true,
    );
    const user = await deps.users.create({
      id,
      username: command.username,
      email,
      passwordHash: await deps.passwords.hash(command.password),
      role: command.role ?? 'user',
      now,
      verification: write.verification,
      emails: [write.email],
    });
    deps.emailsQueued();
    return user;
  };
