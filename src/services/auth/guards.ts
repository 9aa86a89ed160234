import type { MiddlewareHandler } from 'hono';
import { AppError, type BearerChallenge } from '../../kit/errors/app-error.ts';
import { PermissionDeniedError, UnauthenticatedError } from '../../kit/errors/catalogue.ts';
import type { AuthLogic } from '../../logics/auth/index.ts';
import { authorize, type AccessRule } from '../../logics/auth/authorization.ts';
import { UserId } from '../../models/dtos/user/v1/user.v1.dtos.ts';
import type { AppEnv } from '../app-env.ts';

/**
 * Who may call a route, as middleware the routes carry. The authentication layer supplies
 * real guards; each route names its guard, so attaching them rewrites no route.
 */
export interface UserGuards {
  /** Any caller with a valid access token. */
  readonly signedIn: MiddlewareHandler<AppEnv>[];
  /** Only the user named by the path's `{id}`. */
  readonly self: MiddlewareHandler<AppEnv>[];
  /** The user named by the path's `{id}`, or an admin. */
  readonly selfOrAdmin: MiddlewareHandler<AppEnv>[];
  readonly admin: MiddlewareHandler<AppEnv>[];
}

/** The bearer token of an `Authorization` header; a header that is not one is malformed. */
function bearerToken(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  const match = /^Bearer +([A-Za-z0-9._~+/-]+=*) *$/i.exec(header);
  return match?.[1] ?? '';
}

/** RFC 6750's challenge: bare when no token came, with `error` when one was refused. */
function challenge(error: AppError): BearerChallenge {
  return error instanceof UnauthenticatedError ? {} : { error: 'invalid_token' };
}

/**
 * Authenticates the caller (401 with `WWW-Authenticate: Bearer` when it cannot), sets
 * `c.var.principal`, then applies one rule of the "who" column, if any: 403
 * `PERMISSION_DENIED` when the principal may not act on the path's `{id}`. A malformed id is
 * left for the route's validator to answer 400; it is parsed only when the rule would refuse,
 * so an allowed request pays for no parse here. One middleware, not two: each is a layer of
 * every guarded request (tools/bench/notes.md, tenth pass).
 */
function guard(auth: AuthLogic, rule?: AccessRule): MiddlewareHandler<AppEnv> {
  return async function guard(c, next) {
    let principal;
    try {
      principal = await auth.authenticate(bearerToken(c.req.header('authorization')));
    } catch (error) {
      if (error instanceof AppError && error.status === 401) {
        throw error.withBearerChallenge(challenge(error));
      }
      throw error;
    }
    c.set('principal', principal);
    if (rule !== undefined) {
      const id = c.req.param('id');
      if (!authorize(principal, rule, id) && (id === undefined || UserId.safeParse(id).success)) {
        throw new PermissionDeniedError();
      }
    }
    await next();
  };
}

/**
 * The guards the user routes carry.
 *
 * @example
 * userRoutesV1({ users, guards: createUserGuards(authLogic) });
 */
export function createUserGuards(auth: AuthLogic): UserGuards {
  return {
    signedIn: [guard(auth)],
    self: [guard(auth, 'self')],
    selfOrAdmin: [guard(auth, 'self-or-admin')],
    admin: [guard(auth, 'admin')],
  };
}
