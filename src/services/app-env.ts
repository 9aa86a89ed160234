import type { RequestIdVariables } from 'hono/request-id';
import type { Principal } from '../logics/auth/authorization.ts';

/** The hono environment every router of the app shares. */
export interface AppEnv {
  Variables: RequestIdVariables & {
    /** Set by the authentication guard on routes that require a signed-in caller. */
    principal: Principal;
  };
}
