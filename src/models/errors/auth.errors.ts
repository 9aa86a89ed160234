import { defineError } from '../../kit/errors/app-error.ts';

/** The authentication domain's entries of the error catalogue (log-in and its lockout). */

export const InvalidCredentialsError = defineError('InvalidCredentialsError', {
  code: 'INVALID_CREDENTIALS',
  status: 401,
  title: { en: 'Invalid credentials', fa: 'اطلاعات ورود نادرست است' },
  detail: { en: 'The login or the password is wrong.', fa: 'نام کاربری یا گذرواژه نادرست است.' },
});

export const AccountDisabledError = defineError('AccountDisabledError', {
  code: 'ACCOUNT_DISABLED',
  status: 403,
  title: { en: 'Account disabled', fa: 'حساب غیرفعال است' },
  detail: { en: 'This account is suspended.', fa: 'این حساب تعلیق شده است.' },
});

export const AccountLockedError = defineError('AccountLockedError', {
  code: 'ACCOUNT_LOCKED',
  status: 423,
  title: { en: 'Account locked', fa: 'حساب قفل شده است' },
  detail: {
    en: 'Too many failed log-ins; try again later.',
    fa: 'تلاش‌های ناموفق ورود بیش از حد بوده است؛ بعداً دوباره تلاش کنید.',
  },
});

export const MfaRequiredError = defineError('MfaRequiredError', {
  code: 'MFA_REQUIRED',
  status: 401,
  title: { en: 'Second factor required', fa: 'عامل دوم لازم است' },
  detail: {
    en: 'Send the code from your authenticator app (or a recovery code) as otp.',
    fa: 'کد برنامهٔ احراز هویت (یا یک کد بازیابی) را در otp بفرستید.',
  },
});

export const InvalidOneTimeTokenError = defineError('InvalidOneTimeTokenError', {
  code: 'INVALID_ONE_TIME_TOKEN',
  status: 400,
  title: { en: 'Invalid or expired link', fa: 'پیوند نامعتبر یا منقضی' },
  detail: {
    en: 'This token is unknown, already used, expired or replaced by a newer one; ask for a new email.',
    fa: 'این توکن ناشناخته، استفاده‌شده، منقضی یا با توکن تازه‌تری جایگزین شده است؛ ایمیل تازه‌ای بخواهید.',
  },
});

export const SessionNotFoundError = defineError('SessionNotFoundError', {
  code: 'SESSION_NOT_FOUND',
  status: 404,
  title: { en: 'Session not found', fa: 'نشست پیدا نشد' },
  detail: {
    en: 'The user has no live session with this id.',
    fa: 'کاربر نشست فعالی با این شناسه ندارد.',
  },
});
