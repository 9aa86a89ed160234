import { describe, expect, it } from 'vitest';
import type { AppError } from '../../../src/kit/errors/app-error.ts';
import {
  AccountDisabledError,
  AccountLockedError,
  InvalidCredentialsError,
  InvalidOneTimeTokenError,
  MfaRequiredError,
  SessionNotFoundError,
} from '../../../src/models/errors/auth.errors.ts';
import {
  UserAlreadyExistsError,
  UserNotFoundError,
} from '../../../src/models/errors/user.errors.ts';

/*
 * The domain entries of the error catalogue: the code and status `api-v1.md` fixes, a name
 * for the logs, and a title and detail in both languages the API speaks.
 */

const entries: [string, AppError, string, number][] = [
  ['InvalidCredentialsError', new InvalidCredentialsError(), 'INVALID_CREDENTIALS', 401],
  ['AccountDisabledError', new AccountDisabledError(), 'ACCOUNT_DISABLED', 403],
  ['AccountLockedError', new AccountLockedError(), 'ACCOUNT_LOCKED', 423],
  ['MfaRequiredError', new MfaRequiredError(), 'MFA_REQUIRED', 401],
  ['InvalidOneTimeTokenError', new InvalidOneTimeTokenError(), 'INVALID_ONE_TIME_TOKEN', 400],
  ['SessionNotFoundError', new SessionNotFoundError(), 'SESSION_NOT_FOUND', 404],
  ['UserNotFoundError', new UserNotFoundError(), 'USER_NOT_FOUND', 404],
  ['UserAlreadyExistsError', new UserAlreadyExistsError('email'), 'USER_ALREADY_EXISTS', 409],
];

describe('the domain error catalogue', () => {
  it.each(entries)('%s has its code, status and name', (name, error, code, status) => {
    expect({ name: error.name, code: error.code, status: error.status }).toEqual({
      name,
      code,
      status,
    });
    expect(error.message).toBe(error.detail.en);
  });

  it.each(entries)('%s speaks English and Persian', (_name, error) => {
    for (const text of [error.title.en, error.title.fa, error.detail.en, error.detail.fa]) {
      expect(typeof text === 'string' && text.trim().length > 0).toBe(true);
    }
    expect(error.title.fa).not.toBe(error.title.en);
    expect(error.detail.fa).not.toBe(error.detail.en);
  });

  it('names the taken field of a conflict, in errors[] as well', () => {
    const conflict = new UserAlreadyExistsError('username');
    expect(conflict.field).toBe('username');
    expect(conflict.errors).toEqual([
      { path: 'username', message: 'This username is already taken.' },
    ]);
  });
});
