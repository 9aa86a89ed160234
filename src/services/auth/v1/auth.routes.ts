import { createRoute } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { jsonContent, problemResponses } from '../../../kit/http/openapi.ts';
import {
  InvalidTokenError,
  RateLimitExceededError,
  ValidationError,
  InvalidJsonError,
  PayloadTooLargeError,
  UnsupportedMediaTypeError,
} from '../../../kit/errors/catalogue.ts';
import type { AuthLogic } from '../../../logics/auth/index.ts';
import {
  AccountDisabledError,
  AccountLockedError,
  InvalidCredentialsError,
  MfaRequiredError,
} from '../../../models/errors/auth.errors.ts';
import {
  RefreshInput,
  TokenInput,
  TokenOutput,
} from '../../../models/dtos/auth/v1/auth.v1.dtos.ts';
import { createRouter } from '../../router.ts';

const tokens = {
  description: 'A new access and refresh token',
  ...jsonContent(TokenOutput),
};

const withBody = [
  ValidationError,
  InvalidJsonError,
  PayloadTooLargeError,
  UnsupportedMediaTypeError,
] as const;

const token = createRoute({
  method: 'post',
  path: '/token',
  tags: ['auth'],
  operationId: 'logIn',
  summary: 'Log in with a username or email and a password',
  security: [],
  request: { body: { required: true, ...jsonContent(TokenInput) } },
  responses: {
    200: tokens,
    ...problemResponses(
      ...withBody,
      InvalidCredentialsError,
      MfaRequiredError,
      AccountDisabledError,
      AccountLockedError,
      RateLimitExceededError,
    ),
  },
});

const refresh = createRoute({
  method: 'post',
  path: '/refresh',
  tags: ['auth'],
  operationId: 'refreshToken',
  summary: 'Exchange a refresh token for a new pair; the old one stops working',
  security: [],
  request: { body: { required: true, ...jsonContent(RefreshInput) } },
  responses: {
    200: tokens,
    ...problemResponses(...withBody, InvalidTokenError, RateLimitExceededError),
  },
});

/**
 * The authentication router, version 1.
 *
 * @example
 * app.route('/api/v1/auth', authRoutesV1({ auth }));
 */
export function authRoutesV1({
  auth,
  addressOf = () => 'unknown',
}: {
  auth: AuthLogic;
  /** The client address of a request: the log-in lock counts per account and address. */
  addressOf?: (c: Context) => string;
}) {
  return createRouter()
    .openapi(token, async (c) => {
      return c.json(await auth.logIn({ ...c.req.valid('json'), clientAddress: addressOf(c) }), 200);
    })
    .openapi(refresh, async (c) => {
      return c.json(await auth.refresh(c.req.valid('json').refreshToken), 200);
    });
}
