import type { Context, ErrorHandler, NotFoundHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { PatternRouter } from 'hono/router/pattern-router';
import { AppError, type AppErrorClass } from '../errors/app-error.ts';
import {
  InternalError,
  InvalidArgumentError,
  InvalidJsonError,
  MethodNotAllowedError,
  NotFoundError,
  PayloadTooLargeError,
  PermissionDeniedError,
  RateLimitExceededError,
  UnauthenticatedError,
  UnsupportedMediaTypeError,
} from '../errors/catalogue.ts';
import { describeError, type Logger } from '../log/logger.ts';
import { problemResponse } from './problem.ts';

/**
 * What hono and zod-openapi throw themselves, in catalogue codes: the route validator's
 * media-type gate (415) and JSON parse (400), and the body limit (413).
 */
const httpExceptionCodes: Readonly<Record<number, AppErrorClass>> = {
  400: InvalidJsonError,
  401: UnauthenticatedError,
  403: PermissionDeniedError,
  404: NotFoundError,
  405: MethodNotAllowedError,
  413: PayloadTooLargeError,
  415: UnsupportedMediaTypeError,
  429: RateLimitExceededError,
};

function toAppError(error: unknown): AppError | undefined {
  if (error instanceof AppError) return error;
  if (error instanceof HTTPException) {
    const ErrorClass = httpExceptionCodes[error.status];
    if (ErrorClass) return new ErrorClass({ cause: error });
    // Any other client error a library raises is still the client's, never a 500.
    if (error.status < 500) return new InvalidArgumentError({ cause: error });
  }
  return undefined;
}

/**
 * A request whose client hung up before its body arrived (Node's `aborted`, a body stream
 * reset): the client's fault, not the server's, and no one may be left to answer.
 */
function isClientAbort(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 4; e = e.cause, depth++) {
    const code = 'code' in e ? e.code : undefined;
    if (code === 'ECONNRESET' || code === 'ERR_STREAM_PREMATURE_CLOSE') return true;
    if (e.message === 'aborted' || e.message === 'terminated') return true;
  }
  return false;
}

/**
 * The one `onError` of the app: catalogue errors become their problem document (a 5xx one
 * logged as a warning with its cause: a dependency fault, not a bug); a client that hung up
 * is a warning and a 400; anything else is logged with its stack and answered as a 500
 * that says nothing of the internals.
 *
 * @example
 * app.onError(problemErrorHandler(logger));
 */
export function problemErrorHandler(logger: Logger): ErrorHandler {
  return function problemErrorHandler(error, c) {
    const request = { requestId: c.get('requestId'), method: c.req.method, path: c.req.path };
    const known = toAppError(error);
    if (known) {
      if (known.status >= 500) {
        const cause = known.cause instanceof Error ? known.cause.message : undefined;
        logger.warn('dependency unavailable', { ...request, code: known.code, cause });
      }
      return problemResponse(c, known);
    }
    if (isClientAbort(error)) {
      logger.warn('request aborted by the client', request);
      return problemResponse(
        c,
        new InvalidArgumentError({
          detail: {
            en: 'The request body was not received in full.',
            fa: 'بدنهٔ درخواست به‌طور کامل دریافت نشد.',
          },
        }),
      );
    }
    logger.error('unhandled error', { ...request, ...describeError(error) });
    return problemResponse(c, new InternalError());
  };
}

/**
 * The app's `notFound`: a 405 with `Allow` when the path exists under other methods,
 * else a 404 problem. The route table is read once, on the first miss, after every
 * router has been mounted.
 */
export function problemNotFoundHandler(app: {
  readonly routes: readonly { method: string; path: string }[];
}): NotFoundHandler {
  let methodsByPath: PatternRouter<string> | undefined;
  const allowedMethods = (path: string): string[] => {
    if (!methodsByPath) {
      methodsByPath = new PatternRouter<string>();
      for (const route of app.routes) {
        if (route.method !== 'ALL') methodsByPath.add('ALL', route.path, route.method);
      }
    }
    const methods = new Set(methodsByPath.match('GET', path)[0].map(([method]) => method));
    if (methods.has('GET')) methods.add('HEAD');
    return [...methods].sort();
  };
  return function problemNotFound(c: Context) {
    // Strict routing: "/health/" is another, unknown path. The pattern router would take
    // it for "/health" and list methods "/health/" does not have.
    const path = c.req.path;
    const allow = path.length > 1 && path.endsWith('/') ? [] : allowedMethods(path);
    if (allow.length > 0) {
      return problemResponse(c, new MethodNotAllowedError({ allow }));
    }
    return problemResponse(c, new NotFoundError());
  };
}
