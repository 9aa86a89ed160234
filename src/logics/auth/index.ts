import {
  authenticate,
  logIn,
  refreshSession,
  type AuthenticationDeps,
} from './authentication.logic.ts';

/** The authentication use cases, bound to their ports once by the composition root. */
export type AuthLogic = ReturnType<typeof createAuthLogic>;

export function createAuthLogic(deps: AuthenticationDeps) {
  return {
    logIn: logIn(deps),
    refresh: refreshSession(deps),
    authenticate: authenticate(deps),
  };
}
