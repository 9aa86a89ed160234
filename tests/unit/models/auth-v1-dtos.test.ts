import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import {
  LogoutInput,
  PasswordChangeInput,
  PasswordResetConfirmInput,
  PasswordResetInput,
  RefreshInput,
  SessionIdInput,
  SessionListOutput,
  TokenInput,
  VerifyEmailInput,
} from '../../../src/models/dtos/auth/v1/auth.v1.dtos.ts';
import {
  RecoveryCodesOutput,
  TotpConfirmInput,
  TotpEnrolmentOutput,
  TotpRemoveInput,
} from '../../../src/models/dtos/mfa/v1/mfa.v1.dtos.ts';

/*
 * The limits of the session, password and second-factor inputs (a 400 past them), and the
 * fields their outputs answer.
 */

function passes(schema: z.ZodType, input: unknown): boolean {
  return schema.safeParse(input).success;
}

function failures(schema: z.ZodType, input: unknown): string[] {
  const result = schema.safeParse(input);
  return result.success
    ? []
    : result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
}

const x = (n: number) => 'x'.repeat(n);
const UUID = '0b6f1c2e-8f3a-4c1e-9d1a-2f9f4c1d2e3f';

describe('length limits', () => {
  it.each<[string, z.ZodType, (value: string) => unknown, number, number]>([
    ['TokenInput.otp', TokenInput, (otp) => ({ login: 'ada', password: 'p', otp }), 1, 64],
    ['RefreshInput', RefreshInput, (refreshToken) => ({ refreshToken }), 1, 512],
    ['LogoutInput', LogoutInput, (refreshToken) => ({ refreshToken }), 1, 512],
    ['VerifyEmailInput', VerifyEmailInput, (token) => ({ token }), 1, 512],
    [
      'PasswordResetConfirmInput.token',
      PasswordResetConfirmInput,
      (token) => ({ token, newPassword: x(12) }),
      1,
      512,
    ],
    [
      'PasswordChangeInput.currentPassword',
      PasswordChangeInput,
      (currentPassword) => ({ currentPassword, newPassword: x(12) }),
      1,
      1024,
    ],
    ['TotpConfirmInput.code', TotpConfirmInput, (code) => ({ code }), 1, 16],
    ['TotpRemoveInput.password', TotpRemoveInput, (password) => ({ password }), 1, 1024],
  ])('%s takes %i to %i characters', (_name, schema, input, min, max) => {
    expect(passes(schema, input(x(min)))).toBe(true);
    expect(passes(schema, input(x(max)))).toBe(true);
    expect(passes(schema, input(x(min - 1)))).toBe(false);
    expect(passes(schema, input(x(max + 1)))).toBe(false);
  });

  it('holds a new password to 12–128 characters, saying so', () => {
    const change = (newPassword: string) => ({ currentPassword: 'p', newPassword });
    expect(failures(PasswordChangeInput, change(x(12)))).toEqual([]);
    expect(failures(PasswordChangeInput, change(x(128)))).toEqual([]);
    expect(failures(PasswordChangeInput, change(x(11)))).toEqual([
      'newPassword: At least 12 characters.',
    ]);
    expect(failures(PasswordChangeInput, change(x(129)))).toEqual([
      'newPassword: At most 128 characters.',
    ]);
    expect(failures(PasswordResetConfirmInput, { token: 't', newPassword: x(11) })).toEqual([
      'newPassword: At least 12 characters.',
    ]);
  });
});

describe('PasswordResetInput', () => {
  it('trims the email and checks it, at most 254 characters', () => {
    expect(PasswordResetInput.parse({ email: ' ada@example.com ' })).toEqual({
      email: 'ada@example.com',
    });
    const long = `${x(254 - '@example.com'.length)}@example.com`;
    expect(failures(PasswordResetInput, { email: long })).toEqual([]);
    expect(failures(PasswordResetInput, { email: `x${long}` })).toEqual([
      'email: At most 254 characters.',
    ]);
    expect(failures(PasswordResetInput, { email: 'nope' })).toEqual([
      'email: Must be a valid email address.',
    ]);
  });
});

describe('SessionIdInput', () => {
  it('takes two UUIDs and names the one that is not', () => {
    expect(SessionIdInput.parse({ id: UUID, sessionId: UUID })).toEqual({
      id: UUID,
      sessionId: UUID,
    });
    expect(failures(SessionIdInput, { id: 'x', sessionId: 'y' })).toEqual([
      'id: Must be a UUID.',
      'sessionId: Must be a UUID.',
    ]);
  });
});

describe('the outputs', () => {
  it('answer sessions, enrolments and recovery codes with their fields', () => {
    const session = {
      id: UUID,
      createdAt: '2026-01-01T00:00:00.000Z',
      lastUsedAt: '2026-01-01T00:00:00.000Z',
      expiresAt: '2026-01-02T00:00:00.000Z',
      userAgent: null,
      current: true,
    };
    expect(SessionListOutput.parse({ items: [session] })).toEqual({ items: [session] });
    const enrolment = { secret: 'JBSWY3DPEHPK3PXP', otpauthUri: 'otpauth://totp/x' };
    expect(TotpEnrolmentOutput.parse(enrolment)).toEqual(enrolment);
    const codes = { recoveryCodes: Array.from({ length: 10 }, (_, i) => `abcde-fghj${i + 2}`) };
    expect(RecoveryCodesOutput.parse(codes)).toEqual(codes);
  });
});
