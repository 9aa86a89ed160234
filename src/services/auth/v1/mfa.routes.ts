import { createRoute } from '@hono/zod-openapi';
import type { Context, MiddlewareHandler } from 'hono';
import {
  InvalidArgumentError,
  InvalidStateError,
  NotFoundError,
} from '../../../kit/errors/catalogue.ts';
import {
  jsonContent,
  problemResponses,
  BODY_PROBLEMS,
  BEARER_PROBLEMS,
  BEARER_SECURITY,
} from '../../../kit/http/openapi.ts';
import type { MfaLogic } from '../../../logics/auth/mfa.logic.ts';
import { AccountLockedError } from '../../../models/errors/auth.errors.ts';
import {
  RecoveryCodesOutput,
  TotpConfirmInput,
  TotpEnrolmentOutput,
  TotpRemoveInput,
} from '../../../models/dtos/mfa/v1/mfa.v1.dtos.ts';
import { UserIdInput } from '../../../models/dtos/user/v1/user.v1.dtos.ts';
import { UserNotFoundError } from '../../../models/errors/user.errors.ts';
import type { AppEnv } from '../../app-env.ts';
import { createRouter } from '../../router.ts';

const guarded = [InvalidArgumentError, ...BEARER_PROBLEMS] as const;

const enrol = (guard: MiddlewareHandler<AppEnv>[]) =>
  createRoute({
    method: 'post',
    path: '/{id}/mfa/totp',
    tags: ['users'],
    operationId: 'enrolTotp',
    summary: 'Start a TOTP enrolment (the user): a secret, pending until confirmed',
    description:
      'RFC 6238: SHA-1, 6 digits, 30-second steps. The secret is shown only here; a new ' +
      'enrolment replaces a pending one.',
    middleware: guard,
    security: BEARER_SECURITY,
    request: { params: UserIdInput },
    responses: {
      200: { description: 'The pending enrolment', ...jsonContent(TotpEnrolmentOutput) },
      ...problemResponses(...guarded, UserNotFoundError, InvalidStateError),
    },
  });

const confirm = (guard: MiddlewareHandler<AppEnv>[]) =>
  createRoute({
    method: 'post',
    path: '/{id}/mfa/totp/confirm',
    tags: ['users'],
    operationId: 'confirmTotp',
    summary: 'Confirm the pending enrolment with a code: the second factor is enabled',
    middleware: guard,
    security: BEARER_SECURITY,
    request: {
      params: UserIdInput,
      body: { required: true, ...jsonContent(TotpConfirmInput) },
    },
    responses: {
      200: { description: 'Ten single-use recovery codes', ...jsonContent(RecoveryCodesOutput) },
      ...problemResponses(...guarded, ...BODY_PROBLEMS, InvalidStateError),
    },
  });

const remove = (guard: MiddlewareHandler<AppEnv>[]) =>
  createRoute({
    method: 'delete',
    path: '/{id}/mfa/totp',
    tags: ['users'],
    operationId: 'removeTotp',
    summary: 'Remove the second factor: the user (with `{password}`), or an admin (a lost phone)',
    middleware: guard,
    security: BEARER_SECURITY,
    request: {
      params: UserIdInput,
      body: { required: false, ...jsonContent(TotpRemoveInput) },
    },
    responses: {
      204: { description: 'Removed' },
      ...problemResponses(
        ...guarded,
        ...BODY_PROBLEMS,
        UserNotFoundError,
        NotFoundError,
        AccountLockedError,
      ),
    },
  });

/**
 * The second factor, version 1, under `/api/v1/users/{id}/mfa/totp`.
 *
 * @example
 * app.route('/api/v1/users', mfaRoutesV1({ mfa, self: guards.self, selfOrAdmin: guards.selfOrAdmin, addressOf }));
 */
export function mfaRoutesV1({
  mfa,
  self,
  selfOrAdmin,
  addressOf,
}: {
  mfa: MfaLogic;
  self: MiddlewareHandler<AppEnv>[];
  selfOrAdmin: MiddlewareHandler<AppEnv>[];
  /** The client address a wrong password of the user's own removal counts for. */
  addressOf: (c: Context) => string;
}) {
  return createRouter()
    .openapi(enrol(self), async (c) => {
      return c.json(await mfa.enrolTotp(c.req.valid('param').id), 200);
    })
    .openapi(confirm(self), async (c) => {
      return c.json(await mfa.confirmTotp(c.req.valid('param').id, c.req.valid('json').code), 200);
    })
    .openapi(remove(selfOrAdmin), async (c) => {
      // The body is optional (an admin sends none); the validator skips a request without one.
      const body: TotpRemoveInput = c.req.header('content-type') ? c.req.valid('json') : {};
      await mfa.removeTotp({
        userId: c.req.valid('param').id,
        actor: c.get('principal'),
        password: body.password,
        clientAddress: addressOf(c),
      });
      return c.body(null, 204);
    });
}
