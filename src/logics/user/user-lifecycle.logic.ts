import type { Clock, IdGenerator } from '../../kit/runtime.ts';
import type {
  UpdateUserCommand,
  UserResponse,
} from '../../models/dtos/user/repository/user.repository.dtos.ts';
import {
  applyStatusAction,
  normalizeEmail,
  type StatusAction,
} from '../../models/entities/user.ts';
import { UserNotFoundError } from '../../models/errors/user.errors.ts';
import { lastAdminError, selfDemotionError } from './admin-safety.ts';
import type { UserRepository } from '../../repositories/user/user.repository.port.ts';
import type { EmailLanguage } from '../email/email-messages.ts';
import { verificationWrite } from '../email/verification-email.ts';

export interface LifecycleDeps {
  readonly users: UserRepository;
  readonly clock: Clock;
  readonly newId: IdGenerator;
  readonly publicUrl: string;
  readonly emailsQueued: () => void;
}

export interface UpdateUserDetailsCommand {
  readonly id: string;
  readonly username?: string;
  readonly email?: string;
  /** The language of the verification email an email change sends. */
  readonly language?: EmailLanguage;
}

/**
 * Changes a user's username and/or email; the unique indexes decide conflicts. A new
 * email is unverified: `emailVerified` becomes false and a verification email goes to the
 * new address (older verification links stop working), in the same batch. The address as it
 * was read is no change and is not written: another change committed since the read (with
 * its own verification link) must not be overwritten by an address that link was not sent to.
 *
 * @throws {UserNotFoundError} when there is no such live user.
 * @throws {UserAlreadyExistsError} when another live user has the username or the email.
 */
export const updateUser =
  (deps: LifecycleDeps) =>
  async ({ id, username, email, language }: UpdateUserDetailsCommand): Promise<UserResponse> => {
    const now = deps.clock();
    const newEmail = email === undefined ? undefined : normalizeEmail(email);
    // Only an email change reads first: it needs the current address and username.
    let emailChange: UpdateUserCommand['emailChange'];
    if (newEmail !== undefined) {
      const current = await deps.users.findById({ id, fresh: true });
      if (!current) throw new UserNotFoundError();
      if (current.email !== newEmail) {
        const write = await verificationWrite(
          deps,
          { id, username: username ?? current.username, email: newEmail },
          now,
          language ?? 'en',
          false,
        );
        emailChange = { verification: write.verification, emails: [write.email] };
      }
    }
    const user = await deps.users.update({
      id,
      ...(username === undefined ? {} : { username }),
      ...(emailChange === undefined ? {} : { email: newEmail, emailChange }),
      now,
    });
    if (!user) throw new UserNotFoundError();
    if (emailChange) deps.emailsQueued();
    return user;
  };

/**
 * Suspends or activates a user. Doing it to a user already in that status changes nothing
 * (not even `updatedAt`) and answers the user as it is. Reads the database, not the cache.
 * An admin cannot suspend itself (`actorId`), and the last active admin cannot be suspended.
 *
 * @throws {UserNotFoundError} when there is no such live user.
 * @throws {InvalidStateError} a self-suspension, or the last active admin.
 */
export const changeUserStatus =
  (deps: LifecycleDeps) =>
  async (id: string, action: StatusAction, actorId?: string): Promise<UserResponse> => {
    const user = await deps.users.findById({ id, fresh: true });
    if (!user) throw new UserNotFoundError();
    const { status, changed } = applyStatusAction(user, action);
    if (!changed) return user;
    if (action === 'suspend' && actorId === id) throw selfDemotionError('suspend');
    const updated = await deps.users.changeStatus({ id, status, now: deps.clock() });
    if (updated) return updated;
    throw (await deps.users.findById({ id, fresh: true }))
      ? lastAdminError()
      : new UserNotFoundError();
  };

/**
 * Soft-deletes a user: every read answers 404 afterwards, and the username and email can
 * be registered again. The last active admin cannot be deleted.
 *
 * @throws {UserNotFoundError} when there is no such live user.
 * @throws {InvalidStateError} the last active admin.
 */
export const deleteUser =
  (deps: LifecycleDeps) =>
  async (id: string): Promise<void> => {
    if (await deps.users.delete({ id, now: deps.clock() })) return;
    throw (await deps.users.findById({ id, fresh: true }))
      ? lastAdminError()
      : new UserNotFoundError();
  };
