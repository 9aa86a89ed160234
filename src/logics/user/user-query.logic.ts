import type { UserSort } from '../../models/constants/user-search.constants.ts';
import type {
  UserPageResponse,
  UserResponse,
} from '../../models/dtos/user/repository/user.repository.dtos.ts';
import { normalizeEmail, type UserStatus } from '../../models/entities/user.ts';
import { UserNotFoundError } from '../../models/errors/user.errors.ts';
import type { UserRepository } from '../../repositories/user/user.repository.port.ts';

export interface QueryDeps {
  readonly users: UserRepository;
}

/**
 * One user by id, through the cache.
 *
 * @throws {UserNotFoundError} when there is no such user, or it was deleted.
 */
export const getUser =
  (deps: QueryDeps) =>
  async (id: string): Promise<UserResponse> => {
    const user = await deps.users.findById({ id });
    if (!user) throw new UserNotFoundError();
    return user;
  };

export interface SearchUsersPageQuery {
  readonly username?: string;
  readonly email?: string;
  readonly status?: UserStatus;
  readonly createdFrom?: Date;
  readonly createdTo?: Date;
  /** 1-based. */
  readonly page: number;
  readonly pageSize: number;
  readonly sort: UserSort;
}

export interface UserSearchPageResponse extends UserPageResponse {
  readonly page: number;
  readonly pageSize: number;
}

/**
 * A page of live users matching every given filter, and how many match in all.
 *
 * @example
 * await searchUsers(deps)({ username: 'ad', page: 1, pageSize: 20, sort: '-createdAt' });
 */
export const searchUsers =
  (deps: QueryDeps) =>
  async (query: SearchUsersPageQuery): Promise<UserSearchPageResponse> => {
    const { page, pageSize, ...filters } = query;
    const result = await deps.users.search({
      ...filters,
      ...(filters.email === undefined ? {} : { email: normalizeEmail(filters.email) }),
      limit: pageSize,
      offset: (page - 1) * pageSize,
    });
    return { ...result, page, pageSize };
  };
