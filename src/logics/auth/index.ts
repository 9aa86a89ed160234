import { authenticate, logIn, refreshSession } from './authentication.logic.ts';
import { resendVerificationEmail, verifyEmail } from './email-verification.logic.ts';
import { pruneLoginAttempts } from './lockout.ts';
import {
  changePassword,
  confirmPasswordReset,
  requestPasswordReset,
  setPasswordByOperator,
  type PasswordDeps,
} from './password.logic.ts';
import {
  endAllSessions,
  endSession,
  endSessionsOfUsername,
  listSessions,
  logOut,
} from './session.logic.ts';

/** The authentication use cases, bound to their ports once by the composition root. */
export type AuthLogic = ReturnType<typeof createAuthLogic>;

export function createAuthLogic(deps: PasswordDeps) {
  return {
    logIn: logIn(deps),
    refresh: refreshSession(deps),
    authenticate: authenticate(deps),
    logOut: logOut(deps),
    listSessions: listSessions(deps),
    endSession: endSession(deps),
    endAllSessions: endAllSessions(deps),
    changePassword: changePassword(deps),
    requestPasswordReset: requestPasswordReset(deps),
    confirmPasswordReset: confirmPasswordReset(deps),
    setPasswordByOperator: setPasswordByOperator(deps),
    endSessionsOfUsername: endSessionsOfUsername(deps),
    verifyEmail: verifyEmail(deps),
    resendVerificationEmail: resendVerificationEmail(deps),
    /** Forgets week-old log-in attempt counts, at most hourly; the runtimes' timers ask. */
    pruneLoginAttempts: pruneLoginAttempts(deps),
  };
}
