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
 * Authenticates the caller (401 with `WWW-Authenticate: Bearer` when it cannot) and sets
 * `c.var.principal`.
 */
function authenticated(auth: AuthLogic): MiddlewareHandler<AppEnv> {
  return async function authenticated(c, next) {
    try {
      c.set('principal', await auth.authenticate(bearerToken(c.req.header('authorization'))));
    } catch (error) {
      if (error instanceof AppError && error.status === 401) {
        throw error.withBearerChallenge(challenge(error));
      }
      throw error;
    }
    await next();
  };
}

/**
 * Applies one rule of the "who" column after authentication: 403 `PERMISSION_DENIED` when
 * the principal may not act on the path's `{id}`. A malformed id is left for the route's
 * validator to answer 400.
 */
function allowed(rule: AccessRule): MiddlewareHandler<AppEnv> {
  return async function allowed(c, next) {
    const id = c.req.param('id');
    if (id !== undefined && !UserId.safeParse(id).success) return next();
    if (!authorize(c.get('principal'), rule, id)) throw new PermissionDeniedError();
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
  const authenticate = authenticated(auth);
  return {
    signedIn: [authenticate],
    self: [authenticate, allowed('self')],
    selfOrAdmin: [authenticate, allowed('self-or-admin')],
    admin: [authenticate, allowed('admin')],
  };
}
