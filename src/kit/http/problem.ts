import type { Context } from 'hono';
import type { AppError, Localized } from '../errors/app-error.ts';
import { rateLimitHeader, rateLimitPolicyHeader } from './rate-limit-headers.ts';

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

/** Where and for whom a problem is rendered: the client's language, its path, the request id. */
export interface ProblemContext {
  readonly language: keyof Localized;
  readonly instance: string;
  readonly requestId: string;
}

/** The problem document of an error, in the client's language. */
function problemDocument(error: AppError, at: ProblemContext): ProblemDocument {
  return {
    type: 'about:blank',
    title: error.title[at.language],
    status: error.status,
    code: error.code,
    detail: error.detail[at.language],
    instance: at.instance,
    requestId: at.requestId,
    ...(error.errors
      ? { errors: error.errors.map(({ path, message }) => ({ path, message })) }
      : {}),
  };
}

/** RFC 6750's `WWW-Authenticate` value for a bearer challenge. */
function bearerChallengeHeader({ error }: NonNullable<AppError['bearerChallenge']>): string {
  return error === undefined ? 'Bearer realm="api"' : `Bearer realm="api", error="${error}"`;
}

/**
 * The headers of a problem response: its content type and what the error's data asks for
 * (`Retry-After`, `WWW-Authenticate`, `Allow`, `RateLimit-Policy`, `RateLimit`).
 */
export function problemHeaders(error: AppError): Headers {
  const headers = new Headers({ 'Content-Type': PROBLEM_CONTENT_TYPE });
  if (error.retryAfterSeconds !== undefined) {
    headers.set('Retry-After', String(Math.max(0, Math.ceil(error.retryAfterSeconds))));
  }
  if (error.bearerChallenge) {
    headers.set('WWW-Authenticate', bearerChallengeHeader(error.bearerChallenge));
  }
  if (error.allow) headers.set('Allow', error.allow.join(', '));
  if (error.rateLimit) {
    const { policy, remaining, resetSeconds } = error.rateLimit;
    headers.set('RateLimit-Policy', rateLimitPolicyHeader(policy));
    headers.set('RateLimit', rateLimitHeader(policy, remaining, resetSeconds));
  }
  return headers;
}

/**
 * Renders an `AppError` as a problem document response, in the client's language, with
 * the headers its data asks for (`Allow`, `Retry-After`, `WWW-Authenticate`).
 *
 * @example
 * app.onError((error, c) => problemResponse(c, new InternalError()));
 */
export function problemResponse(c: Context, error: AppError): Response {
  const requestId: unknown = c.get('requestId');
  const body = problemDocument(error, {
    language: pickLanguage(c.req.header('accept-language')),
    instance: c.req.path,
    requestId: typeof requestId === 'string' ? requestId : '',
  });
  // c.newResponse keeps the headers middleware already set on the context (secure headers).
  return c.newResponse(JSON.stringify(body), {
    status: error.status as 400,
    headers: problemHeaders(error),
  });
}

/**
 * The same problem response for a bare `Request`, outside any app: what a Worker that could
 * not start answers.
 *
 * @example
 * return problemResponseFor(request, new ServiceUnavailableError());
 */
export function problemResponseFor(
  request: Request,
  error: AppError,
  requestId: string = crypto.randomUUID(),
): Response {
  const body = problemDocument(error, {
    language: pickLanguage(request.headers.get('accept-language') ?? undefined),
    instance: new URL(request.url).pathname,
    requestId,
  });
  const headers = problemHeaders(error);
  headers.set('X-Request-Id', requestId);
  return new Response(JSON.stringify(body), { status: error.status, headers });
}
