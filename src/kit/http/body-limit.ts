import type { MiddlewareHandler } from 'hono';
import { bodyLimit as honoBodyLimit } from 'hono/body-limit';
import { PayloadTooLargeError } from '../errors/catalogue.ts';
import { MAX_BODY_BYTES } from './limits.ts';

/** Methods whose body no route reads: the limit is not checked for them. */
const BODILESS = new Set(['GET', 'HEAD']);

/**
 * Hono's body-limit answering the contract's 413 problem. The other body rules (415 for a
 * body that is not JSON, 400 `INVALID_JSON`) come from each route's zod-openapi validator.
 * GET and HEAD are let through unchecked: no route reads their body, and asking for it
 * (`c.req.raw.body`, the first thing hono's middleware does) makes @hono/node-server build a
 * full web `Request` (URL, headers, abort signal) for every GET, which nothing else on a
 * GET's path needs.
 *
 * @example
 * app.use(bodyLimit());
 */
export function bodyLimit({
  maxBytes = MAX_BODY_BYTES,
}: { maxBytes?: number } = {}): MiddlewareHandler {
  const limit = honoBodyLimit({
    maxSize: maxBytes,
    onError: () => {
      throw new PayloadTooLargeError();
    },
  });
  return async function bodyLimit(c, next) {
    if (BODILESS.has(c.req.method)) await next();
    else await limit(c, next);
  };
}
