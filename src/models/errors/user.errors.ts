import { defineError } from '../../kit/errors/app-error.ts';

/** The user domain's entries of the error catalogue. */

export const UserNotFoundError = defineError('UserNotFoundError', {
  code: 'USER_NOT_FOUND',
  status: 404,
  title: { en: 'User not found', fa: 'کاربر یافت نشد' },
  detail: { en: 'No user has this id.', fa: 'کاربری با این شناسه وجود ندارد.' },
});

export type UniqueUserField = 'username' | 'email';

const UserAlreadyExistsBase = defineError('UserAlreadyExistsError', {
  code: 'USER_ALREADY_EXISTS',
  status: 409,
  title: { en: 'User already exists', fa: 'کاربر از قبل وجود دارد' },
  detail: {
    en: 'Another user already has this username or email.',
    fa: 'کاربر دیگری همین نام کاربری یا ایمیل را دارد.',
  },
});

/** A username or email another live user already has; `errors` names the field. */
export class UserAlreadyExistsError extends UserAlreadyExistsBase {
  readonly field: UniqueUserField;

  constructor(field: UniqueUserField) {
    super({
      errors: [{ path: field, message: `This ${field} is already taken.` }],
    });
    this.field = field;
  }
}
