import { createRoute } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../../app-env.ts';
import type { UserGuards } from '../../auth/guards.ts';
import { createRouter } from '../../router.ts';
import {
  jsonContent,
  problemResponses,
  BODY_PROBLEMS,
  BEARER_PROBLEMS,
  BEARER_SECURITY,
  SIGNED_IN_PROBLEMS,
} from '../../../kit/http/openapi.ts';
import {
  UserIdInput,
  UserOutput,
  UserRegistrationInput,
  UserSearchInput,
  UserSearchOutput,
  UserUpdateInput,
} from '../../../models/dtos/user/v1/user.v1.dtos.ts';
import type { UserLogic } from '../../../logics/user/index.ts';
import {
  InvalidArgumentError,
  InvalidStateError,
  RateLimitExceededError,
  ValidationError,
} from '../../../kit/errors/catalogue.ts';
import { UserAlreadyExistsError, UserNotFoundError } from '../../../models/errors/user.errors.ts';
import { toUserOutput } from './user.mapper.ts';
import { pickLanguage } from '../../../kit/http/problem.ts';

/** A malformed `{id}` is 400 `INVALID_ARGUMENT`; a JSON body adds the body rules. */
export const USER_ID_PROBLEMS = [InvalidArgumentError, UserNotFoundError] as const;
const userOk = (description: string) => ({ description, ...jsonContent(UserOutput) });

const register = createRoute({
  method: 'post',
  path: '/',
  tags: ['users'],
  operationId: 'registerUser',
  summary: 'Register a user',
  security: [],
  request: { body: { required: true, ...jsonContent(UserRegistrationInput) } },
  responses: {
    201: {
      ...userOk('Registered'),
      headers: {
        Location: {
          schema: { type: 'string', example: '/api/v1/users/0b6f1c2e-8f3a-4c1e-9d1a-2f9f4c1d2e3f' },
          description: 'The new user: /api/v1/users/{id}',
        },
      },
    },
    ...problemResponses(...BODY_PROBLEMS, UserAlreadyExistsError, RateLimitExceededError),
  },
});

const search = (guard: MiddlewareHandler<AppEnv>[]) =>
  createRoute({
    method: 'get',
    path: '/',
    tags: ['users'],
    operationId: 'searchUsers',
    summary: 'Search users (admin)',
    middleware: guard,
    security: BEARER_SECURITY,
    request: { query: UserSearchInput },
    responses: {
      200: { description: 'A page of users', ...jsonContent(UserSearchOutput) },
      ...problemResponses(ValidationError, ...BEARER_PROBLEMS),
    },
  });

const me = (guard: MiddlewareHandler<AppEnv>[]) =>
  createRoute({
    method: 'get',
    path: '/me',
    tags: ['users'],
    operationId: 'getCurrentUser',
    summary: 'The signed-in user',
    middleware: guard,
    security: BEARER_SECURITY,
    responses: { 200: userOk('The signed-in user'), ...problemResponses(...SIGNED_IN_PROBLEMS) },
  });

const getById = (guard: MiddlewareHandler<AppEnv>[]) =>
  createRoute({
    method: 'get',
    path: '/{id}',
    tags: ['users'],
    operationId: 'getUser',
    summary: 'Get a user (the user or an admin)',
    middleware: guard,
    security: BEARER_SECURITY,
    request: { params: UserIdInput },
    responses: {
      200: userOk('The user'),
      ...problemResponses(...USER_ID_PROBLEMS, ...BEARER_PROBLEMS),
    },
  });

const patch = (guard: MiddlewareHandler<AppEnv>[]) =>
  createRoute({
    method: 'patch',
    path: '/{id}',
    tags: ['users'],
    operationId: 'updateUser',
    summary: 'Change username and/or email (the user or an admin)',
    middleware: guard,
    security: BEARER_SECURITY,
    request: { params: UserIdInput, body: { required: true, ...jsonContent(UserUpdateInput) } },
    responses: {
      200: userOk('The updated user'),
      ...problemResponses(
        ...USER_ID_PROBLEMS,
        ...BODY_PROBLEMS,
        ...BEARER_PROBLEMS,
        UserAlreadyExistsError,
      ),
    },
  });

const statusChange = (action: 'suspend' | 'activate', guard: MiddlewareHandler<AppEnv>[]) =>
  createRoute({
    method: 'post',
    path: `/{id}/${action}`,
    tags: ['users'],
    operationId: `${action}User`,
    summary: `${action === 'suspend' ? 'Suspend' : 'Activate'} a user (admin); a no-op if already so`,
    middleware: guard,
    security: BEARER_SECURITY,
    request: { params: UserIdInput },
    responses: {
      200: userOk(`The user, now ${action === 'suspend' ? 'suspended' : 'active'}`),
      ...problemResponses(
        ...USER_ID_PROBLEMS,
        ...BEARER_PROBLEMS,
        ...(action === 'suspend' ? [InvalidStateError] : []),
      ),
    },
  });

const remove = (guard: MiddlewareHandler<AppEnv>[]) =>
  createRoute({
    method: 'delete',
    path: '/{id}',
    tags: ['users'],
    operationId: 'deleteUser',
    summary: 'Delete a user (soft delete; the user or an admin)',
    middleware: guard,
    security: BEARER_SECURITY,
    request: { params: UserIdInput },
    responses: {
      204: { description: 'Deleted' },
      ...problemResponses(...USER_ID_PROBLEMS, ...BEARER_PROBLEMS, InvalidStateError),
    },
  });

/**
 * The users router, version 1: parses input (zod), calls logic, maps to output DTOs.
 * Nothing else: no rules, no SQL.
 *
 * @example
 * app.route('/api/v1/users', userRoutesV1({ users, guards }));
 */
export function userRoutesV1({ users, guards }: { users: UserLogic; guards: UserGuards }) {
  return (
    createRouter()
      .openapi(register, async (c) => {
        const user = await users.register({
          ...c.req.valid('json'),
          language: pickLanguage(c.req.header('accept-language')),
        });
        c.header('Location', `/api/v1/users/${user.id}`);
        return c.json(toUserOutput(user), 201);
      })
      .openapi(search(guards.admin), async (c) => {
        const { createdFrom, createdTo, ...query } = c.req.valid('query');
        const result = await users.search({
          ...query,
          ...(createdFrom === undefined ? {} : { createdFrom: new Date(createdFrom) }),
          ...(createdTo === undefined ? {} : { createdTo: new Date(createdTo) }),
        });
        return c.json({ ...result, items: result.items.map(toUserOutput) }, 200);
      })
      // Before `/{id}`, which would otherwise take "me" for an id.
      .openapi(me(guards.signedIn), async (c) => {
        return c.json(toUserOutput(await users.get(c.get('principal').id)), 200);
      })
      .openapi(getById(guards.selfOrAdmin), async (c) => {
        return c.json(toUserOutput(await users.get(c.req.valid('param').id)), 200);
      })
      .openapi(patch(guards.selfOrAdmin), async (c) => {
        const user = await users.update({
          id: c.req.valid('param').id,
          ...c.req.valid('json'),
          language: pickLanguage(c.req.header('accept-language')),
        });
        return c.json(toUserOutput(user), 200);
      })
      .openapi(statusChange('suspend', guards.admin), async (c) => {
        return c.json(
          toUserOutput(
            await users.changeStatus(c.req.valid('param').id, 'suspend', c.get('principal').id),
          ),
          200,
        );
      })
      .openapi(statusChange('activate', guards.admin), async (c) => {
        return c.json(
          toUserOutput(await users.changeStatus(c.req.valid('param').id, 'activate')),
          200,
        );
      })
      .openapi(remove(guards.selfOrAdmin), async (c) => {
        await users.delete(c.req.valid('param').id);
        return c.body(null, 204);
      })
  );
}
