import type {
  ChangeUserRoleCommand,
  ChangeUserStatusCommand,
  CreateUserCommand,
  DeleteUserCommand,
  GetUserByIdQuery,
  SearchUsersQuery,
  UpdateUserCommand,
  UserPageResponse,
  UserResponse,
} from '../../models/dtos/user/repository/user.repository.dtos.ts';

/**
 * The user repository port: what logic may ask of user storage. Logic depends on this
 * interface only; `user.repository.ts` implements it over a database and a cache adapter.
 * Deleted users are invisible through every method.
 */
export interface UserRepository {
  /** @throws {UserAlreadyExistsError} when a live user has the username or email. */
  create(command: CreateUserCommand): Promise<UserResponse>;
  findById(query: GetUserByIdQuery): Promise<UserResponse | undefined>;
  search(query: SearchUsersQuery): Promise<UserPageResponse>;
  /**
   * @returns the updated user, or undefined when there is no such live user.
   * @throws {UserAlreadyExistsError} when another live user has the username or email.
   */
  update(command: UpdateUserCommand): Promise<UserResponse | undefined>;
  /*
   * Admin safety, decided by the database in the same statement as the write: a suspension,
   * a demotion or a deletion that would leave no other active live admin changes nothing.
   */
  /**
   * @returns the user after the change, or undefined when there is no such live user or the
   * change would remove the last active admin.
   */
  changeStatus(command: ChangeUserStatusCommand): Promise<UserResponse | undefined>;
  /** Same answers as `changeStatus`. */
  changeRole(command: ChangeUserRoleCommand): Promise<UserResponse | undefined>;
  /** Soft delete. @returns false when there was no such live user, or it is the last active admin. */
  delete(command: DeleteUserCommand): Promise<boolean>;
}
