import { createRoute } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import { InvalidArgumentError, InvalidStateError } from '../../../kit/errors/catalogue.ts';
import {
  BEARER_PROBLEMS,
  BEARER_SECURITY,
  BODY_PROBLEMS,
  jsonContent,
  problemResponses,
} from '../../../kit/http/openapi.ts';
import type { UserLogic } from '../../../logics/user/index.ts';
import {
  UserIdInput,
  UserOutput,
  UserRoleInput,
} from '../../../models/dtos/user/v1/user.v1.dtos.ts';
import { UserNotFoundError } from '../../../models/errors/user.errors.ts';
import type { AppEnv } from '../../app-env.ts';
import { createRouter } from '../../router.ts';
import { toUserOutput } from './user.mapper.ts';

const setRole = (guard: MiddlewareHandler<AppEnv>[]) =>
  createRoute({
    method: 'put',
    path: '/{id}/role',
    tags: ['users'],
    operationId: 'setUserRole',
    summary: "Give a user a role (admin); it applies to the user's very next request",
    description:
      'The last active admin cannot be demoted, and an admin cannot demote itself: 409 ' +
      '`INVALID_STATE`. Giving the role the user already has is a no-op.',
    middleware: guard,
    security: BEARER_SECURITY,
    request: { params: UserIdInput, body: { required: true, ...jsonContent(UserRoleInput) } },
    responses: {
      200: { description: 'The user with its new role', ...jsonContent(UserOutput) },
      ...problemResponses(
        InvalidArgumentError,
        ...BODY_PROBLEMS,
        ...BEARER_PROBLEMS,
        UserNotFoundError,
        InvalidStateError,
      ),
    },
  });

/**
 * Roles, version 1: `PUT /api/v1/users/{id}/role` (admin).
 *
 * @example
 * app.route('/api/v1/users', userRoleRoutesV1({ users, guard: guards.admin }));
 */
export function userRoleRoutesV1({
  users,
  guard,
}: {
  users: UserLogic;
  guard: MiddlewareHandler<AppEnv>[];
}) {
  return createRouter().openapi(setRole(guard), async (c) => {
    const user = await users.changeRole({
      id: c.req.valid('param').id,
      role: c.req.valid('json').role,
      actorId: c.get('principal').id,
    });
    return c.json(toUserOutput(user), 200);
  });
}
