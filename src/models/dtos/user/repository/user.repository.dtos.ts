import type { UserSort } from '../../../constants/user-search.constants.ts';
import type { UserRole, UserStatus } from '../../../entities/user.ts';
import type {
  OutboxEmailCommand,
  StoreOneTimeTokenCommand,
} from '../../email/repository/email.repository.dtos.ts';

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
  /** The verification token, stored in the same batch. */
  readonly verification?: StoreOneTimeTokenCommand;
  /** Emails the registration causes, written to the outbox in the same batch. */
  readonly emails?: readonly OutboxEmailCommand[];
}

export interface UpdateUserCommand {
  readonly id: string;
  readonly username?: string;
  readonly email?: string;
  readonly now: Date;
  /**
   * With a new email: `emailVerified` becomes false, this token (for the new address) is
   * stored and the older ones retired, every unused password-reset token (its link went to
   * the old address) is retired, and the emails are written to the outbox, all in the same
   * batch. Applied only if the email actually changes.
   */
  readonly emailChange?: {
    readonly verification: StoreOneTimeTokenCommand;
    readonly emails: readonly OutboxEmailCommand[];
  };
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
  readonly emailVerified: boolean;
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
