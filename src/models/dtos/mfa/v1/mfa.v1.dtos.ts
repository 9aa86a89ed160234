import { z } from '@hono/zod-openapi';

export const TotpEnrolmentOutput = z
  .object({
    secret: z.string().openapi({ description: 'Base32; shown only in this answer' }),
    otpauthUri: z.string().openapi({
      description: 'For a QR code: otpauth://totp/…?secret=…&algorithm=SHA1&digits=6&period=30',
      example: 'otpauth://totp/user-edge-api:ada_l?issuer=user-edge-api&secret=…',
    }),
  })
  .openapi('TotpEnrolmentOutput');
export type TotpEnrolmentOutput = z.infer<typeof TotpEnrolmentOutput>;

export const TotpConfirmInput = z
  .strictObject({
    code: z.string().min(1).max(16).openapi({ description: 'The 6-digit code', example: '492039' }),
  })
  .openapi('TotpConfirmInput');
export type TotpConfirmInput = z.infer<typeof TotpConfirmInput>;

export const RecoveryCodesOutput = z
  .object({
    recoveryCodes: z.array(z.string()).length(10).openapi({
      description: 'Ten single-use codes, each usable once as `otp` in place of a TOTP code',
    }),
  })
  .openapi('RecoveryCodesOutput');
export type RecoveryCodesOutput = z.infer<typeof RecoveryCodesOutput>;

export const TotpRemoveInput = z
  .strictObject({
    password: z
      .string()
      .min(1)
      .max(1024)
      .optional()
      .openapi({ format: 'password', description: 'The user removing their own factor' }),
  })
  .openapi('TotpRemoveInput');
export type TotpRemoveInput = z.infer<typeof TotpRemoveInput>;
