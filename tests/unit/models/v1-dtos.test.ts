import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { RefreshInput, TokenInput } from '../../../src/models/dtos/auth/v1/auth.v1.dtos.ts';
import {
  UserIdInput,
  UserRegistrationInput,
  UserSearchInput,
  UserUpdateInput,
} from '../../../src/models/dtos/user/v1/user.v1.dtos.ts';

/*
 * The v1 input DTOs are the contract's validation rules: what passes, what fails, and the
 * message a client reads for each failure (the 400 problem's `errors[]`).
 */

/** The failures of `input` under `schema`, as `path: message`; empty when it passes. */
function failures(schema: z.ZodType, input: unknown): string[] {
  const result = schema.safeParse(input);
  return result.success
    ? []
    : result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
}

const ada = { username: 'ada_l', email: 'ada@example.com', password: 'correct horse battery' };
const x = (n: number) => 'x'.repeat(n);
const email = (length: number) => `${x(length - '@example.com'.length)}@example.com`;

describe('UserRegistrationInput', () => {
  it('accepts a valid registration, trimming the email', () => {
    expect(UserRegistrationInput.parse({ ...ada, email: '  ada@example.com ' })).toEqual(ada);
  });

  it.each([
    [
      { ...ada, username: '_x' },
      [
        'username: 3–32 characters of A–Z, a–z, 0–9, ".", "_" or "-", starting and ending with a letter or digit.',
      ],
    ],
    [{ ...ada, email: 'nope' }, ['email: Must be a valid email address.']],
    [{ ...ada, email: email(255) }, ['email: At most 254 characters.']],
    [{ ...ada, password: x(11) }, ['password: At least 12 characters.']],
    [{ ...ada, password: x(129) }, ['password: At most 128 characters.']],
    [{ ...ada, password: 'my ADA_L passphrase' }, ['password: Must not contain the username.']],
    [{ ...ada, role: 'admin' }, [': Unrecognized key: "role"']],
  ])('refuses %j', (input, expected) => {
    expect(failures(UserRegistrationInput, input)).toEqual(expected);
  });

  it('accepts the limits themselves', () => {
    expect(failures(UserRegistrationInput, { ...ada, email: email(254), password: x(12) })).toEqual(
      [],
    );
    expect(failures(UserRegistrationInput, { ...ada, password: x(128) })).toEqual([]);
  });

  it('reports the password containing the username as a custom issue on password', () => {
    const result = UserRegistrationInput.safeParse({ ...ada, password: 'xx ada_l xxxxxxx' });
    expect(result.error?.issues).toMatchObject([{ code: 'custom', path: ['password'] }]);
  });
});

describe('UserUpdateInput', () => {
  it('accepts either field or both', () => {
    expect(UserUpdateInput.parse({ username: 'ada2' })).toEqual({ username: 'ada2' });
    expect(UserUpdateInput.parse({ email: ' b@example.com' })).toEqual({ email: 'b@example.com' });
    expect(failures(UserUpdateInput, { username: 'ada2', email: 'b@example.com' })).toEqual([]);
  });

  it('refuses an empty change, an invalid field and an unknown one', () => {
    expect(failures(UserUpdateInput, {})).toEqual([': Send at least one of username, email.']);
    expect(failures(UserUpdateInput, { email: 'nope' })).toEqual([
      'email: Must be a valid email address.',
    ]);
    expect(failures(UserUpdateInput, { username: 'ada2', status: 'active' })).toEqual([
      ': Unrecognized key: "status"',
    ]);
  });
});

describe('UserIdInput', () => {
  it('accepts a UUID and refuses anything else', () => {
    const id = '0b6f1c2e-8f3a-4c1e-9d1a-2f9f4c1d2e3f';
    expect(UserIdInput.parse({ id })).toEqual({ id });
    expect(failures(UserIdInput, { id: 'not-a-uuid' })).toEqual(['id: Must be a UUID.']);
  });
});

describe('UserSearchInput', () => {
  it('fills the defaults and reads numbers from the query string', () => {
    expect(UserSearchInput.parse({})).toEqual({ page: 1, pageSize: 20, sort: '-createdAt' });
    expect(UserSearchInput.parse({ page: '3', pageSize: '100', sort: 'username' })).toEqual({
      page: 3,
      pageSize: 100,
      sort: 'username',
    });
  });

  it.each([
    [{ page: '0' }, ['page: Too small: expected number to be >=1']],
    [{ pageSize: '0' }, ['pageSize: Too small: expected number to be >=1']],
    [{ pageSize: '101' }, ['pageSize: Too big: expected number to be <=100']],
    [
      { page: '101', pageSize: '100' },
      ['page: page × pageSize must not exceed 10,000; narrow the search instead.'],
    ],
    [{ username: '' }, ['username: Too small: expected string to have >=1 characters']],
    [{ username: x(33) }, ['username: Too big: expected string to have <=32 characters']],
    [{ createdFrom: 'yesterday' }, ['createdFrom: Must be an RFC 3339 date-time.']],
    [
      { createdFrom: '2026-02-01T00:00:00Z', createdTo: '2026-01-31T23:59:59Z' },
      ['createdTo: Must not be before createdFrom.'],
    ],
  ])('refuses %j', (input, expected) => {
    expect(failures(UserSearchInput, input)).toEqual(expected);
  });

  it('reports the cross-field rules as custom issues', () => {
    const window = UserSearchInput.safeParse({ page: '101', pageSize: '100' });
    expect(window.error?.issues).toMatchObject([{ code: 'custom', path: ['page'] }]);
    const range = UserSearchInput.safeParse({
      createdFrom: '2026-02-01T00:00:00Z',
      createdTo: '2026-01-01T00:00:00Z',
    });
    expect(range.error?.issues).toMatchObject([{ code: 'custom', path: ['createdTo'] }]);
  });

  it('accepts the limits, one-sided ranges, equal bounds and offsets', () => {
    for (const input of [
      { page: '100', pageSize: '100', username: x(32) },
      { page: '1', pageSize: '1', username: 'a' },
      { createdFrom: '2026-01-01T00:00:00+02:00' },
      { createdTo: '2026-01-01T00:00:00Z' },
      { createdFrom: '2026-01-01T00:00:00Z', createdTo: '2026-01-01T00:00:00Z' },
    ]) {
      expect(failures(UserSearchInput, input)).toEqual([]);
    }
  });
});

describe('the auth inputs', () => {
  it('bound the login, the password and the refresh token', () => {
    expect(failures(TokenInput, { login: 'ada', password: 'p' })).toEqual([]);
    expect(failures(TokenInput, { login: x(254), password: x(1024) })).toEqual([]);
    expect(failures(TokenInput, { login: '', password: '' })).toEqual([
      'login: Too small: expected string to have >=1 characters',
      'password: Too small: expected string to have >=1 characters',
    ]);
    expect(failures(TokenInput, { login: x(255), password: x(1025) })).toEqual([
      'login: Too big: expected string to have <=254 characters',
      'password: Too big: expected string to have <=1024 characters',
    ]);
    expect(failures(RefreshInput, { refreshToken: x(512) })).toEqual([]);
    expect(failures(RefreshInput, { refreshToken: '' })).toEqual([
      'refreshToken: Too small: expected string to have >=1 characters',
    ]);
    expect(failures(RefreshInput, { refreshToken: x(513) })).toEqual([
      'refreshToken: Too big: expected string to have <=512 characters',
    ]);
    expect(failures(RefreshInput, {})).toEqual([
      'refreshToken: Invalid input: expected string, received undefined',
    ]);
  });
});
