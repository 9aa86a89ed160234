import type {
  ClaimLoginAttemptCommand,
  RecordLoginFailureCommand,
  ResetLoginAttemptsCommand,
  UpgradePasswordHashCommand,
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
   * Counts this log-in attempt of (subject, address) in one atomic statement before the
   * password is checked, so parallel guesses each hold a distinct attempt number and none
   * slips past the limit. Sets the lock when the count reaches the limit; restarts the
   * count after a lock ran out.
   */
  claimLoginAttempt(command: ClaimLoginAttemptCommand): Promise<LoginAttemptResponse>;
  /** The right password for a user who may not log in: clears the pair's count, issues nothing. */
  resetLoginAttempts(command: ResetLoginAttemptsCommand): Promise<void>;
  /**
   * Counts a failure against the account, from whatever address, in one atomic statement:
   * locks the account when a window's failures reach the limit.
   * @returns the account-wide lock after counting.
   */
  recordLoginFailure(command: RecordLoginFailureCommand): Promise<Date | null>;
  /**
   * In one batch: clear the (user, address) count, set `lastLoginAt`, store the refresh
   * token. The account-wide count is left to run out: it counts failures in a window.
   */
  completeLogin(command: CompleteLoginCommand): Promise<void>;
  /** Replaces the password hash if it is still `expected` (a change meanwhile wins). */
  upgradePasswordHash(command: UpgradePasswordHashCommand): Promise<void>;
  findRefreshToken(tokenHash: string): Promise<RefreshTokenResponse | undefined>;
  /**
   * In one batch: store the next token and retire the presented one, only if that one was
   * still current. @returns false when it was already retired or revoked (a reuse).
   */
  rotateRefreshToken(command: RotateRefreshTokenCommand): Promise<boolean>;
  revokeFamily(command: RevokeFamilyCommand): Promise<void>;
}
