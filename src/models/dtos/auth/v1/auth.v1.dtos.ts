import { z } from '@hono/zod-openapi';

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

export const RefreshInput = z
  .strictObject({ refreshToken: z.string().min(1).max(512) })
  .openapi('RefreshInput');
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
