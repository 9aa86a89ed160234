import type { Clock } from '../../kit/runtime.ts';
import type { UserResponse } from '../../models/dtos/user/repository/user.repository.dtos.ts';
import {
  applyStatusAction,
  normalizeEmail,
  type StatusAction,
} from '../../models/entities/user.ts';
import { UserNotFoundError } from '../../models/errors/user.errors.ts';
import type { UserRepository } from '../../repositories/user/user.repository.port.ts';

export interface LifecycleDeps {
  readonly users: UserRepository;
  readonly clock: Clock;
}

export interface UpdateUserDetailsCommand {
  readonly id: string;
  readonly username?: string;
  readonly email?: string;
}

/**
 * Changes a user's username and/or email; the unique indexes decide conflicts.
 *
 * @throws {UserNotFoundError} when there is no such live user.
 * @throws {UserAlreadyExistsError} when another live user has the username or the email.
 */
export const updateUser =
  (deps: LifecycleDeps) =>
  async ({ id, username, email }: UpdateUserDetailsCommand): Promise<UserResponse> => {
    // An absent field (undefined) is one the repository leaves as it is.
    const user = await deps.users.update({
      id,
      username,
      email: email === undefined ? undefined : normalizeEmail(email),
      now: deps.clock(),
    });
    if (!user) throw new UserNotFoundError();
    return user;
  };

/**
 * Suspends or activates a user. Doing it to a user already in that status changes nothing
 * (not even `updatedAt`) and answers the user as it is. Reads the database, not the cache.
 *
 * @throws {UserNotFoundError} when there is no such live user.
 */
export const changeUserStatus =
  (deps: LifecycleDeps) =>
  async (id: string, action: StatusAction): Promise<UserResponse> => {
    const user = await deps.users.findById({ id, fresh: true });
    if (!user) throw new UserNotFoundError();
    const { status, changed } = applyStatusAction(user, action);
    if (!changed) return user;
    const updated = await deps.users.changeStatus({ id, status, now: deps.clock() });
    if (!updated) throw new UserNotFoundError();
    return updated;
  };

/**
 * Soft-deletes a user: every read answers 404 afterwards, and the username and email can
 * be registered again.
 *
 * @throws {UserNotFoundError} when there is no such live user.
 */
export const deleteUser =
  (deps: LifecycleDeps) =>
  async (id: string): Promise<void> => {
    if (!(await deps.users.delete({ id, now: deps.clock() }))) throw new UserNotFoundError();
  };
