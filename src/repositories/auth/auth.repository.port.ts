import type {
  ChangePasswordCommand,
  ClaimLoginAttemptCommand,
  RecordLoginFailureCommand,
  RecordUnknownLoginFailureCommand,
  PruneLoginAttemptsCommand,
  ResetLoginAttemptsCommand,
  UpgradePasswordHashCommand,
  CompleteLoginCommand,
  EndAllSessionsCommand,
  EndSessionCommand,
  FindCredentialsQuery,
  FindOneTimeTokenQuery,
  FindPrincipalQuery,
  IssueOneTimeTokenCommand,
  ListSessionsQuery,
  LoginAttemptResponse,
  OneTimeTokenResponse,
  PrincipalResponse,
  RefreshTokenResponse,
  ResetPasswordCommand,
  RevokeFamilyCommand,
  RotateRefreshTokenCommand,
  SessionSummaryResponse,
  SetPasswordCommand,
  UserCredentialsResponse,
  VerifyEmailCommand,
} from '../../models/dtos/auth/repository/auth.repository.dtos.ts';

/**
 * The authentication repository port: credentials, the failed-log-in counter, sessions and
 * their refresh token families, one-time tokens. Every read here goes to the database,
 * never the cache: these decisions must be exact.
 */
export interface AuthRepository {
  /**
   * Who a live user is now (id, role, status), only while the session is live: one
   * indexed read on every authenticated request.
   */
  findPrincipal(query: FindPrincipalQuery): Promise<PrincipalResponse | undefined>;
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
   * Deletes the (subject, address) counts last attempted before `command.before`, never one
   * whose lock still holds: counts of unknown logins from everywhere would otherwise grow the
   * table forever. Answers how many were deleted.
   */
  pruneLoginAttempts(command: PruneLoginAttemptsCommand): Promise<number>;
  /**
   * Counts a failure against the account, from whatever address, in one atomic statement:
   * locks the account when a window's failures reach the limit.
   * @returns the account-wide lock after counting.
   */
  recordLoginFailure(command: RecordLoginFailureCommand): Promise<Date | null>;
  /**
   * The same count for a login that names no account (its stand-in `subject`), so an unknown
   * login locks after as many failures from any mix of addresses as a real one.
   * @returns the stand-in's lock after counting.
   */
  recordUnknownLoginFailure(command: RecordUnknownLoginFailureCommand): Promise<Date | null>;
  /** The lock `recordUnknownLoginFailure` set for this stand-in, if one was ever set. */
  findUnknownLoginLock(subject: string): Promise<Date | null>;
  /**
   * In one batch: spend the second-factor code (if any), clear the (user, address) count,
   * set `lastLoginAt`, start the session, store the refresh token. The account-wide count is
   * left to run out: it counts failures in a window.
   * @returns false, having written nothing, when the code was spent meanwhile (another
   * log-in with it, or a later TOTP step).
   */
  completeLogin(command: CompleteLoginCommand): Promise<boolean>;
  /** Replaces the password hash if it is still `expected` (a change meanwhile wins). */
  upgradePasswordHash(command: UpgradePasswordHashCommand): Promise<void>;
  findRefreshToken(tokenHash: string): Promise<RefreshTokenResponse | undefined>;
  /**
   * In one batch: store the next token, retire the presented one and mark the session used,
   * only if the presented one was still current. @returns false when it was already
   * retired or revoked (a reuse).
   */
  rotateRefreshToken(command: RotateRefreshTokenCommand): Promise<boolean>;
  /** Revokes the family and ends its session. */
  revokeFamily(command: RevokeFamilyCommand): Promise<void>;
  /** The user's live sessions, newest first. */
  listSessions(query: ListSessionsQuery): Promise<SessionSummaryResponse[]>;
  /** @returns false when the user has no such live session (ended, or past its expiry). */
  endSession(command: EndSessionCommand): Promise<boolean>;
  endAllSessions(command: EndAllSessionsCommand): Promise<void>;
  /**
   * A new password: every session ends but the new one, and every unused password-reset
   * link stops working (one sent before the change must not undo it).
   */
  changePassword(command: ChangePasswordCommand): Promise<void>;
  /** The operator's reset (command line): as `changePassword`, with no new session. */
  setPassword(command: SetPasswordCommand): Promise<void>;
  issueOneTimeToken(command: IssueOneTimeTokenCommand): Promise<void>;
  findOneTimeToken(query: FindOneTimeTokenQuery): Promise<OneTimeTokenResponse | undefined>;
  /** @returns false when the token was spent meanwhile (nothing changed). */
  resetPassword(command: ResetPasswordCommand): Promise<boolean>;
  /** @returns false when the token was spent meanwhile (nothing changed). */
  verifyEmail(command: VerifyEmailCommand): Promise<boolean>;
}
