import type { UserResponse } from '../../models/dtos/user/repository/user.repository.dtos.ts';
import type { UserRole } from '../../models/entities/user.ts';
import { UserNotFoundError } from '../../models/errors/user.errors.ts';
import { lastAdminError, selfDemotionError } from './admin-safety.ts';
import type { LifecycleDeps } from './user-lifecycle.logic.ts';

/** An admin's request to give a user a role. */
export interface ChangeUserRoleCommand {
  readonly id: string;
  readonly role: UserRole;
  /** Who asks: an admin cannot demote itself. */
  readonly actorId?: string;
}

/**
 * Gives a user a role. The role is read from the database on every authenticated request,
 * so it applies to the user's very next one. Giving the role a user has is a no-op.
 *
 * @throws {UserNotFoundError} when there is no such live user.
 * @throws {InvalidStateError} an admin demoting itself, or the last active admin.
 */
export const changeUserRole =
  (deps: LifecycleDeps) =>
  async ({ id, role, actorId }: ChangeUserRoleCommand): Promise<UserResponse> => {
    const user = await deps.users.findById({ id, fresh: true });
    if (!user) throw new UserNotFoundError();
    if (user.role === role) return user;
    if (role !== 'admin' && actorId === id) throw selfDemotionError('demote');
    const updated = await deps.users.changeRole({ id, role, now: deps.clock() });
    if (updated) return updated;
    throw (await deps.users.findById({ id, fresh: true }))
      ? lastAdminError()
      : new UserNotFoundError();
  };
