import { getUser, searchUsers, type QueryDeps } from './user-query.logic.ts';
import {
  changeUserStatus,
  deleteUser,
  updateUser,
  type LifecycleDeps,
} from './user-lifecycle.logic.ts';
import { registerUser, type RegistrationDeps } from './user-registration.logic.ts';
import { changeUserRole } from './user-role.logic.ts';

export type UserLogicDeps = RegistrationDeps & QueryDeps & LifecycleDeps;

/** The user use cases, bound to their ports once by the composition root. */
export type UserLogic = ReturnType<typeof createUserLogic>;

export function createUserLogic(deps: UserLogicDeps) {
  return {
    register: registerUser(deps),
    get: getUser(deps),
    search: searchUsers(deps),
    update: updateUser(deps),
    changeStatus: changeUserStatus(deps),
    delete: deleteUser(deps),
    changeRole: changeUserRole(deps),
  };
}
