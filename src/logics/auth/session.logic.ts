import { hashOneTimeToken } from '../../kit/auth/one-time-token.ts';
import type { SessionSummaryResponse } from '../../models/dtos/auth/repository/auth.repository.dtos.ts';
import { SessionNotFoundError } from '../../models/errors/auth.errors.ts';
import { UserNotFoundError } from '../../models/errors/user.errors.ts';
import type { AuthenticationDeps } from './authentication.logic.ts';

type SessionDeps = Pick<AuthenticationDeps, 'auth' | 'users' | 'clock'>;

/** A live session as its user sees it, and whether it is the one asking. */
export interface UserSessionResponse extends SessionSummaryResponse {
  readonly current: boolean;
}

async function assertUser(deps: SessionDeps, userId: string): Promise<void> {
  if (!(await deps.users.findById({ id: userId, fresh: true }))) throw new UserNotFoundError();
}

/**
 * Ends the session of a refresh token (log-out). An unknown, ended or retired token ends
 * nothing and is no error: the client's goal, that this token no longer works, holds.
 *
 * @example
 * await logOut(deps)(refreshToken);
 */
export const logOut =
  (deps: SessionDeps) =>
  async (refreshToken: string): Promise<void> => {
    const record = await deps.auth.findRefreshToken(await hashOneTimeToken(refreshToken));
    // Stryker disable next-line ConditionalExpression: revoking a revoked family again changes nothing (revokeFamily touches live tokens and sessions only); the check spares the write
    if (!record || record.revokedAt !== null) return;
    await deps.auth.revokeFamily({ familyId: record.familyId, now: deps.clock() });
  };

/**
 * The user's live sessions, newest first; `current` marks the caller's own.
 *
 * @throws {UserNotFoundError} when there is no such live user.
 */
export const listSessions =
  (deps: SessionDeps) =>
  async (userId: string, currentSessionId: string): Promise<UserSessionResponse[]> => {
    await assertUser(deps, userId);
    const sessions = await deps.auth.listSessions({ userId, now: deps.clock() });
    return sessions.map((session) => ({ ...session, current: session.id === currentSessionId }));
  };

/**
 * Ends one session of the user: its refresh token stops working, and its access tokens at
 * their next request.
 *
 * @throws {UserNotFoundError} when there is no such live user.
 * @throws {SessionNotFoundError} when the user has no such live session.
 */
export const endSession =
  (deps: SessionDeps) =>
  async (userId: string, sessionId: string): Promise<void> => {
    await assertUser(deps, userId);
    if (!(await deps.auth.endSession({ userId, sessionId, now: deps.clock() }))) {
      throw new SessionNotFoundError();
    }
  };

/**
 * Ends every session of the user (log out everywhere).
 *
 * @throws {UserNotFoundError} when there is no such live user.
 */
export const endAllSessions =
  (deps: SessionDeps) =>
  async (userId: string): Promise<void> => {
    await assertUser(deps, userId);
    await deps.auth.endAllSessions({ userId, now: deps.clock() });
  };

/**
 * The operator's "log this user out everywhere" (command line).
 *
 * @throws {UserNotFoundError} when there is no such live user.
 */
export const endSessionsOfUsername =
  (deps: SessionDeps) =>
  async (username: string): Promise<void> => {
    const account = await deps.auth.findCredentials({ username });
    if (!account) throw new UserNotFoundError();
    await deps.auth.endAllSessions({ userId: account.id, now: deps.clock() });
  };
