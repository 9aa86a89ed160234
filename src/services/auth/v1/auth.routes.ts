import { createRoute } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { jsonContent, problemResponses, BODY_PROBLEMS } from '../../../kit/http/openapi.ts';
import { InvalidTokenError, RateLimitExceededError } from '../../../kit/errors/catalogue.ts';
import type { AuthLogic } from '../../../logics/auth/index.ts';
import {
  AccountDisabledError,
  AccountLockedError,
  InvalidCredentialsError,
  MfaRequiredError,
  InvalidOneTimeTokenError,
} from '../../../models/errors/auth.errors.ts';
import {
  LogoutInput,
  PasswordResetConfirmInput,
  PasswordResetInput,
  RefreshInput,
  TokenInput,
  TokenOutput,
  VerifyEmailInput,
} from '../../../models/dtos/auth/v1/auth.v1.dtos.ts';
import { UserOutput } from '../../../models/dtos/user/v1/user.v1.dtos.ts';
import { pickLanguage } from '../../../kit/http/problem.ts';
import { toUserOutput } from '../../user/v1/user.mapper.ts';
import { createRouter } from '../../router.ts';

const tokens = {
  description: 'A new access and refresh token',
  ...jsonContent(TokenOutput),
};

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
      ...BODY_PROBLEMS,
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
    ...problemResponses(...BODY_PROBLEMS, InvalidTokenError, RateLimitExceededError),
  },
});

const logout = createRoute({
  method: 'post',
  path: '/logout',
  tags: ['auth'],
  operationId: 'logOut',
  summary: "End the refresh token's session; 204 also for an unknown or already ended token",
  security: [],
  request: { body: { required: true, ...jsonContent(LogoutInput) } },
  responses: {
    204: { description: 'The session is ended' },
    ...problemResponses(...BODY_PROBLEMS),
  },
});

const passwordReset = createRoute({
  method: 'post',
  path: '/password-reset',
  tags: ['passwords'],
  operationId: 'requestPasswordReset',
  summary:
    'Email a password-reset link; the same answer whether or not the address belongs to a user',
  security: [],
  request: { body: { required: true, ...jsonContent(PasswordResetInput) } },
  responses: {
    202: { description: 'Accepted: if the address belongs to a user, a link is on its way' },
    ...problemResponses(...BODY_PROBLEMS, RateLimitExceededError),
  },
});

const passwordResetConfirm = createRoute({
  method: 'post',
  path: '/password-reset/confirm',
  tags: ['passwords'],
  operationId: 'confirmPasswordReset',
  summary: 'Set a new password with the emailed token (once); every session ends',
  security: [],
  request: { body: { required: true, ...jsonContent(PasswordResetConfirmInput) } },
  responses: {
    204: { description: 'The password is set' },
    ...problemResponses(...BODY_PROBLEMS, InvalidOneTimeTokenError, RateLimitExceededError),
  },
});

const verifyEmail = createRoute({
  method: 'post',
  path: '/verify-email',
  tags: ['email verification'],
  operationId: 'verifyEmail',
  summary: 'Verify an email with the emailed token (once)',
  security: [],
  request: { body: { required: true, ...jsonContent(VerifyEmailInput) } },
  responses: {
    200: { description: 'The user, with emailVerified true', ...jsonContent(UserOutput) },
    ...problemResponses(...BODY_PROBLEMS, InvalidOneTimeTokenError, RateLimitExceededError),
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
      return c.json(
        await auth.logIn({
          ...c.req.valid('json'),
          clientAddress: addressOf(c),
          userAgent: c.req.header('user-agent'),
        }),
        200,
      );
    })
    .openapi(refresh, async (c) => {
      return c.json(await auth.refresh(c.req.valid('json').refreshToken), 200);
    })
    .openapi(logout, async (c) => {
      await auth.logOut(c.req.valid('json').refreshToken);
      return c.body(null, 204);
    })
    .openapi(passwordReset, (c) => {
      auth.requestPasswordReset({
        email: c.req.valid('json').email,
        language: pickLanguage(c.req.header('accept-language')),
      });
      return c.body(null, 202);
    })
    .openapi(passwordResetConfirm, async (c) => {
      await auth.confirmPasswordReset(c.req.valid('json'));
      return c.body(null, 204);
    })
    .openapi(verifyEmail, async (c) => {
      return c.json(toUserOutput(await auth.verifyEmail(c.req.valid('json').token)), 200);
    });
}
