import { z } from '@hono/zod-openapi';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '../../../entities/user.ts';
import { Email, UserIdInput } from '../../user/v1/user.v1.dtos.ts';

/* Version 1 of the authentication DTOs. Strict: unknown fields are a 400. */

export const TokenInput = z
  .strictObject({
    login: z
      .string()
      .min(1)
      .max(254)
      .openapi({ description: 'A username or an email', example: 'ada_l' }),
    password: z.string().min(1).max(1024).openapi({ format: 'password' }),
    otp: z.string().min(1).max(64).optional().openapi({
      description:
        'For a user with a second factor: the 6-digit TOTP code, or one of the recovery codes',
      example: '123456',
    }),
  })
  .openapi('TokenInput');
export type TokenInput = z.infer<typeof TokenInput>;

/** A refresh token as a body sends it back: opaque, bounded. */
const RefreshToken = z.string().min(1).max(512);

export const RefreshInput = z.strictObject({ refreshToken: RefreshToken }).openapi('RefreshInput');
export type RefreshInput = z.infer<typeof RefreshInput>;

export const TokenOutput = z
  .object({
    accessToken: z.string().openapi({ description: 'An HS256 JWT' }),
    refreshToken: z.string().openapi({ description: 'Opaque; each use retires it' }),
    tokenType: z.literal('Bearer'),
    expiresIn: z.number().int().openapi({ description: 'Seconds until the access token expires' }),
  })
  .openapi('TokenOutput');
export type TokenOutput = z.infer<typeof TokenOutput>;

const NewPassword = z
  .string()
  .min(PASSWORD_MIN_LENGTH, `At least ${PASSWORD_MIN_LENGTH} characters.`)
  .max(PASSWORD_MAX_LENGTH, `At most ${PASSWORD_MAX_LENGTH} characters.`)
  .openapi({
    format: 'password',
    description: 'The password policy: 12–128 characters, not containing the username',
  });

const OneTimeToken = z
  .string()
  .min(1)
  .max(512)
  .openapi({ description: 'The token of the emailed link (its `token` query parameter)' });

export const LogoutInput = z.strictObject({ refreshToken: RefreshToken }).openapi('LogoutInput');
export type LogoutInput = z.infer<typeof LogoutInput>;

export const PasswordResetInput = z
  .strictObject({
    email: Email,
  })
  .openapi('PasswordResetInput');
export type PasswordResetInput = z.infer<typeof PasswordResetInput>;

export const PasswordResetConfirmInput = z
  .strictObject({ token: OneTimeToken, newPassword: NewPassword })
  .openapi('PasswordResetConfirmInput');
export type PasswordResetConfirmInput = z.infer<typeof PasswordResetConfirmInput>;

export const PasswordChangeInput = z
  .strictObject({
    currentPassword: z.string().min(1).max(1024).openapi({ format: 'password' }),
    newPassword: NewPassword,
  })
  .openapi('PasswordChangeInput');
export type PasswordChangeInput = z.infer<typeof PasswordChangeInput>;

export const VerifyEmailInput = z.strictObject({ token: OneTimeToken }).openapi('VerifyEmailInput');
export type VerifyEmailInput = z.infer<typeof VerifyEmailInput>;

export const SessionIdInput = UserIdInput.extend({
  sessionId: z.uuid('Must be a UUID.').openapi({
    param: { name: 'sessionId', in: 'path' },
    example: '6a1f0e52-3c1d-4b7e-9a0f-1e2d3c4b5a69',
  }),
});

export const SessionOutput = z
  .object({
    id: z.uuid(),
    createdAt: z.iso.datetime(),
    lastUsedAt: z.iso.datetime().openapi({ description: 'The last log-in or refresh' }),
    expiresAt: z.iso.datetime(),
    userAgent: z.string().nullable(),
    current: z.boolean().openapi({ description: 'Whether this is the session of the caller' }),
  })
  .openapi('SessionOutput');
export type SessionOutput = z.infer<typeof SessionOutput>;

export const SessionListOutput = z
  .object({ items: z.array(SessionOutput) })
  .openapi('SessionListOutput');
export type SessionListOutput = z.infer<typeof SessionListOutput>;
