import type {
  ClaimLoginAttemptCommand,
  CompleteLoginCommand,
  FindCredentialsQuery,
  LoginAttemptResponse,
  PrincipalResponse,
  RefreshTokenResponse,
  RevokeFamilyCommand,
  RotateRefreshTokenCommand,
  UserCredentialsResponse,
} from '../../models/dtos/auth/repository/auth.repository.dtos.ts';

/**
 * The authentication repository port: credentials, the failed-log-in counter and refresh
 * token families. Every read here goes to the database, never the cache: these decisions
 * must be exact.
 */
export interface AuthRepository {
  /** Who a live user is now (id, role, status): read on every authenticated request. */
  findPrincipal(userId: string): Promise<PrincipalResponse | undefined>;
  findCredentials(query: FindCredentialsQuery): Promise<UserCredentialsResponse | undefined>;
  /**
   * Counts this log-in attempt in one atomic statement before the password is checked, so
   * parallel guesses each hold a distinct attempt number and none slips past the limit.
   * Sets the lock when the count reaches the limit; restarts the count after a lock ran out.
   * @returns undefined when the user is gone (deleted meanwhile).
   */
  claimLoginAttempt(command: ClaimLoginAttemptCommand): Promise<LoginAttemptResponse | undefined>;
  /** The right password for a user who may not log in: clears the count, issues nothing. */
  resetLoginAttempts(userId: string): Promise<void>;
  /** In one batch: clear the count and lock, set `lastLoginAt`, store the refresh token. */
  completeLogin(command: CompleteLoginCommand): Promise<void>;
  findRefreshToken(tokenHash: string): Promise<RefreshTokenResponse | undefined>;
  /**
   * In one batch: store the next token and retire the presented one, only if that one was
   * still current. @returns false when it was already retired or revoked (a reuse).
   */
  rotateRefreshToken(command: RotateRefreshTokenCommand): Promise<boolean>;
  revokeFamily(command: RevokeFamilyCommand): Promise<void>;
}
