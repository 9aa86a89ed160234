import type { UserSort } from '../../../constants/user-search.constants.ts';
import type { UserRole, UserStatus } from '../../../entities/user.ts';

/*
 * The internal DTOs between logic and repository: never versioned, never seen by clients.
 * Commands write, queries read, `UserResponse` is what the repository answers.
 */

export interface CreateUserCommand {
  readonly id: string;
  readonly username: string;
  readonly email: string;
  readonly passwordHash: string;
  readonly role: UserRole;
  readonly now: Date;
}

export interface UpdateUserCommand {
  readonly id: string;
  readonly username?: string;
  readonly email?: string;
  readonly now: Date;
}

export interface ChangeUserStatusCommand {
  readonly id: string;
  readonly status: UserStatus;
  readonly now: Date;
}

export interface ChangeUserRoleCommand {
  readonly id: string;
  readonly role: UserRole;
  readonly now: Date;
}

export interface DeleteUserCommand {
  readonly id: string;
  readonly now: Date;
}

export interface GetUserByIdQuery {
  readonly id: string;
  /** Read the database, not the cache: for decisions that must be exact. */
  readonly fresh?: boolean;
}

export interface SearchUsersQuery {
  /** Case-insensitive "contains". */
  readonly username?: string;
  /** Exact, after normalisation. */
  readonly email?: string;
  readonly status?: UserStatus;
  /** Inclusive bounds on `createdAt`. */
  readonly createdFrom?: Date;
  readonly createdTo?: Date;
  readonly limit: number;
  readonly offset: number;
  readonly sort: UserSort;
}

/** A live user as the repository answers it: never the credential columns. */
export interface UserResponse {
  readonly id: string;
  readonly username: string;
  readonly email: string;
  readonly role: UserRole;
  readonly status: UserStatus;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  readonly lastLoginAt: Date | null;
  /** A confirmed second factor is required at log-in. */
  readonly mfaEnabled: boolean;
}

export interface UserPageResponse {
  readonly items: readonly UserResponse[];
  readonly total: number;
}
