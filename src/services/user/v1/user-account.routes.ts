import { createRoute } from '@hono/zod-openapi';
import type { Context, MiddlewareHandler } from 'hono';
import type { AppEnv } from '../../app-env.ts';
import { createRouter } from '../../router.ts';
import {
  jsonContent,
  problemResponses,
  BODY_PROBLEMS,
  BEARER_PROBLEMS,
  BEARER_SECURITY,
} from '../../../kit/http/openapi.ts';
import { pickLanguage } from '../../../kit/http/problem.ts';
import { InvalidStateError } from '../../../kit/errors/catalogue.ts';
import type { AuthLogic } from '../../../logics/auth/index.ts';
import {
  PasswordChangeInput,
  SessionIdInput,
  SessionListOutput,
  TokenOutput,
} from '../../../models/dtos/auth/v1/auth.v1.dtos.ts';
import { UserIdInput } from '../../../models/dtos/user/v1/user.v1.dtos.ts';
import {
  AccountDisabledError,
  AccountLockedError,
  SessionNotFoundError,
} from '../../../models/errors/auth.errors.ts';
import type { UserGuards } from '../../auth/guards.ts';
import { USER_ID_PROBLEMS } from './user.routes.ts';
import { isoTime } from '../../../kit/time/iso-time.ts';

const listSessions = (guard: MiddlewareHandler<AppEnv>[]) =>
  createRoute({
    method: 'get',
    path: '/{id}/sessions',
    tags: ['sessions'],
    operationId: 'listSessions',
    summary: "The user's live sessions, newest first (the user or an admin)",
    middleware: guard,
    security: BEARER_SECURITY,
    request: { params: UserIdInput },
    responses: {
      200: { description: 'The live sessions', ...jsonContent(SessionListOutput) },
      ...problemResponses(...USER_ID_PROBLEMS, ...BEARER_PROBLEMS),
    },
  });

const endSession = (guard: MiddlewareHandler<AppEnv>[]) =>
  createRoute({
    method: 'delete',
    path: '/{id}/sessions/{sessionId}',
    tags: ['sessions'],
    operationId: 'endSession',
    summary: 'End one session: its tokens stop working at once (the user or an admin)',
    middleware: guard,
    security: BEARER_SECURITY,
    request: { params: SessionIdInput },
    responses: {
      204: { description: 'Ended' },
      ...problemResponses(...USER_ID_PROBLEMS, ...BEARER_PROBLEMS, SessionNotFoundError),
    },
  });

const endAllSessions = (guard: MiddlewareHandler<AppEnv>[]) =>
  createRoute({
    method: 'delete',
    path: '/{id}/sessions',
    tags: ['sessions'],
    operationId: 'endAllSessions',
    summary: 'End every session of the user (the user or an admin)',
    middleware: guard,
    security: BEARER_SECURITY,
    request: { params: UserIdInput },
    responses: {
      204: { description: 'Every session ended' },
      ...problemResponses(...USER_ID_PROBLEMS, ...BEARER_PROBLEMS),
    },
  });

const changePassword = (guard: MiddlewareHandler<AppEnv>[]) =>
  createRoute({
    method: 'post',
    path: '/{id}/password',
    tags: ['passwords'],
    operationId: 'changePassword',
    summary: 'Change the password (the user only); every earlier session ends',
    middleware: guard,
    security: BEARER_SECURITY,
    request: {
      params: UserIdInput,
      body: { required: true, ...jsonContent(PasswordChangeInput) },
    },
    responses: {
      200: { description: 'The token pair of a new session', ...jsonContent(TokenOutput) },
      ...problemResponses(
        ...USER_ID_PROBLEMS,
        ...BODY_PROBLEMS,
        ...BEARER_PROBLEMS,
        AccountDisabledError,
        AccountLockedError,
      ),
    },
  });

const resendVerification = (guard: MiddlewareHandler<AppEnv>[]) =>
  createRoute({
    method: 'post',
    path: '/{id}/verification-email',
    tags: ['email verification'],
    operationId: 'sendVerificationEmail',
    summary: 'Send a new verification email; older links stop working (the user only)',
    middleware: guard,
    security: BEARER_SECURITY,
    request: { params: UserIdInput },
    responses: {
      202: { description: 'The email is on its way' },
      ...problemResponses(...USER_ID_PROBLEMS, ...BEARER_PROBLEMS, InvalidStateError),
    },
  });

/**
 * The routes of a user's account security, version 1: sessions, password change,
 * verification email. Mounted beside `userRoutesV1` on `/api/v1/users`.
 *
 * @example
 * app.route('/api/v1/users', userAccountRoutesV1({ auth, guards, addressOf }));
 */
export function userAccountRoutesV1({
  auth,
  guards,
  addressOf,
}: {
  auth: AuthLogic;
  guards: UserGuards;
  /** The client address: a wrong current password counts per account and address, as at log-in. */
  addressOf: (c: Context) => string;
}) {
  return createRouter()
    .openapi(listSessions(guards.selfOrAdmin), async (c) => {
      const sessions = await auth.listSessions(
        c.req.valid('param').id,
        c.get('principal').sessionId,
      );
      const items = sessions.map((session) => ({
        id: session.id,
        createdAt: isoTime(session.createdAt),
        lastUsedAt: isoTime(session.lastUsedAt),
        expiresAt: isoTime(session.expiresAt),
        userAgent: session.userAgent,
        current: session.current,
      }));
      return c.json({ items }, 200);
    })
    .openapi(endSession(guards.selfOrAdmin), async (c) => {
      const { id, sessionId } = c.req.valid('param');
      await auth.endSession(id, sessionId);
      return c.body(null, 204);
    })
    .openapi(endAllSessions(guards.selfOrAdmin), async (c) => {
      await auth.endAllSessions(c.req.valid('param').id);
      return c.body(null, 204);
    })
    .openapi(changePassword(guards.self), async (c) => {
      const pair = await auth.changePassword({
        userId: c.req.valid('param').id,
        ...c.req.valid('json'),
        clientAddress: addressOf(c),
        userAgent: c.req.header('user-agent'),
      });
      return c.json(pair, 200);
    })
    .openapi(resendVerification(guards.self), async (c) => {
      await auth.resendVerificationEmail(
        c.req.valid('param').id,
        pickLanguage(c.req.header('accept-language')),
      );
      return c.body(null, 202);
    });
}
