import type { Context } from 'hono';
import type { AppError, Localized } from '../errors/app-error.ts';

/** The RFC 9457 problem document the API answers every error with. */
export interface ProblemDocument {
  type: 'about:blank';
  title: string;
  status: number;
  code: string;
  detail: string;
  instance: string;
  requestId: string;
  errors?: { path: string; message: string }[];
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** Persian for `Accept-Language: fa…` (any region or weight), English otherwise. */
export function pickLanguage(acceptLanguage: string | undefined): keyof Localized {
  const first = acceptLanguage?.split(',')[0]?.trim().toLowerCase() ?? '';
  return first === 'fa' || first.startsWith('fa-') || first.startsWith('fa;') ? 'fa' : 'en';
}

/**
 * Renders an `AppError` as a problem document response, in the client's language, with
 * the error's own headers (`Allow`, `Retry-After`, `WWW-Authenticate`, …).
 */
export function problemResponse(c: Context, error: AppError): Response {
  const language = pickLanguage(c.req.header('accept-language'));
  const requestId = (c.get('requestId') as string | undefined) ?? '';
  const body: ProblemDocument = {
    type: 'about:blank',
    title: error.title[language],
    status: error.status,
    code: error.code,
    detail: error.detail[language],
    instance: c.req.path,
    requestId,
    ...(error.errors
      ? { errors: error.errors.map(({ path, message }) => ({ path, message })) }
      : {}),
  };
  const headers = new Headers(error.headers);
  headers.set('Content-Type', PROBLEM_CONTENT_TYPE);
  // c.newResponse keeps the headers middleware already set on the context (secure headers).
  return c.newResponse(JSON.stringify(body), { status: error.status as 400, headers });
}
