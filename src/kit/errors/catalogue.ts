import { MAX_BODY_KIB } from '../http/limits.ts';
import { defineError } from './app-error.ts';

const persianDigits = (n: number) => String(n).replace(/\d/g, (d) => '۰۱۲۳۴۵۶۷۸۹'[Number(d)] ?? d);

/*
 * The domain-free part of the error catalogue of `api-v1.md`. Domains add their own entries
 * (see `models/errors/`) with the same `defineError`.
 */

export const ValidationError = defineError('ValidationError', {
  code: 'VALIDATION_ERROR',
  status: 400,
  title: { en: 'Validation failed', fa: 'اعتبارسنجی ناموفق بود' },
  detail: {
    en: 'One or more fields are missing or invalid.',
    fa: 'یک یا چند فیلد وارد نشده یا نامعتبر است.',
  },
});

export const InvalidJsonError = defineError('InvalidJsonError', {
  code: 'INVALID_JSON',
  status: 400,
  title: { en: 'Invalid JSON', fa: 'JSON نامعتبر' },
  detail: { en: 'The request body is not valid JSON.', fa: 'بدنهٔ درخواست JSON معتبر نیست.' },
});

export const InvalidArgumentError = defineError('InvalidArgumentError', {
  code: 'INVALID_ARGUMENT',
  status: 400,
  title: { en: 'Invalid argument', fa: 'آرگومان نامعتبر' },
  detail: { en: 'A path parameter is invalid.', fa: 'یکی از پارامترهای مسیر نامعتبر است.' },
});

export const UnauthenticatedError = defineError('UnauthenticatedError', {
  code: 'UNAUTHENTICATED',
  status: 401,
  title: { en: 'Authentication required', fa: 'احراز هویت لازم است' },
  detail: {
    en: 'Send a bearer access token in the Authorization header.',
    fa: 'یک توکن دسترسی Bearer در سرآیند Authorization بفرستید.',
  },
});

export const InvalidTokenError = defineError('InvalidTokenError', {
  code: 'INVALID_TOKEN',
  status: 401,
  title: { en: 'Invalid token', fa: 'توکن نامعتبر' },
  detail: {
    en: 'The token is malformed, tampered with or revoked.',
    fa: 'توکن نادرست، دستکاری‌شده یا باطل‌شده است.',
  },
});

export const TokenExpiredError = defineError('TokenExpiredError', {
  code: 'TOKEN_EXPIRED',
  status: 401,
  title: { en: 'Token expired', fa: 'توکن منقضی شده است' },
  detail: {
    en: 'The access token has expired; refresh it.',
    fa: 'توکن دسترسی منقضی شده است؛ آن را تازه کنید.',
  },
});

export const PermissionDeniedError = defineError('PermissionDeniedError', {
  code: 'PERMISSION_DENIED',
  status: 403,
  title: { en: 'Permission denied', fa: 'دسترسی مجاز نیست' },
  detail: {
    en: 'You may not perform this action.',
    fa: 'شما اجازهٔ انجام این کار را ندارید.',
  },
});

export const NotFoundError = defineError('NotFoundError', {
  code: 'NOT_FOUND',
  status: 404,
  title: { en: 'Not found', fa: 'یافت نشد' },
  detail: { en: 'No resource exists at this path.', fa: 'در این مسیر منبعی وجود ندارد.' },
});

export const MethodNotAllowedError = defineError('MethodNotAllowedError', {
  code: 'METHOD_NOT_ALLOWED',
  status: 405,
  title: { en: 'Method not allowed', fa: 'متد مجاز نیست' },
  detail: {
    en: 'This path does not support this method; see the Allow header.',
    fa: 'این مسیر از این متد پشتیبانی نمی‌کند؛ سرآیند Allow را ببینید.',
  },
});

export const InvalidStateError = defineError('InvalidStateError', {
  code: 'INVALID_STATE',
  status: 409,
  title: { en: 'Invalid state', fa: 'وضعیت نامعتبر' },
  detail: {
    en: 'The resource is not in a state that allows this action.',
    fa: 'منبع در وضعیتی نیست که این کار را اجازه دهد.',
  },
});

export const PayloadTooLargeError = defineError('PayloadTooLargeError', {
  code: 'PAYLOAD_TOO_LARGE',
  status: 413,
  title: { en: 'Payload too large', fa: 'بدنهٔ درخواست بیش از حد بزرگ است' },
  detail: {
    en: `The request body exceeds ${MAX_BODY_KIB} KiB.`,
    fa: `بدنهٔ درخواست از ${persianDigits(MAX_BODY_KIB)} کیلوبایت بیشتر است.`,
  },
});

export const UnsupportedMediaTypeError = defineError('UnsupportedMediaTypeError', {
  code: 'UNSUPPORTED_MEDIA_TYPE',
  status: 415,
  title: { en: 'Unsupported media type', fa: 'نوع محتوا پشتیبانی نمی‌شود' },
  detail: {
    en: 'Send the request body as application/json.',
    fa: 'بدنهٔ درخواست را با نوع application/json بفرستید.',
  },
});

/** Node's HTTP parser refused the request's headers (over its size limit). */
export const RequestHeadersTooLargeError = defineError('RequestHeadersTooLargeError', {
  code: 'REQUEST_HEADERS_TOO_LARGE',
  status: 431,
  title: { en: 'Request headers too large', fa: 'سرآیندهای درخواست بیش از حد بزرگ است' },
  detail: {
    en: 'The request headers are larger than the server accepts.',
    fa: 'سرآیندهای درخواست بزرگ‌تر از حدی است که سرور می‌پذیرد.',
  },
});

export const RateLimitExceededError = defineError('RateLimitExceededError', {
  code: 'RATE_LIMIT_EXCEEDED',
  status: 429,
  title: { en: 'Too many requests', fa: 'درخواست‌ها بیش از حد مجاز است' },
  detail: { en: 'Slow down and try again later.', fa: 'آهسته‌تر و بعداً دوباره تلاش کنید.' },
});

export const InternalError = defineError('InternalError', {
  code: 'INTERNAL_ERROR',
  status: 500,
  title: { en: 'Internal error', fa: 'خطای داخلی' },
  detail: {
    en: 'Something went wrong on our side.',
    fa: 'مشکلی در سمت سرویس پیش آمد.',
  },
});

export const ServiceUnavailableError = defineError('ServiceUnavailableError', {
  code: 'SERVICE_UNAVAILABLE',
  status: 503,
  title: { en: 'Service unavailable', fa: 'سرویس در دسترس نیست' },
  detail: {
    en: 'A dependency of the service is not answering.',
    fa: 'یکی از وابستگی‌های سرویس پاسخ نمی‌دهد.',
  },
});
