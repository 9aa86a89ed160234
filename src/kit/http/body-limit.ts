import type { MiddlewareHandler } from 'hono';
import { bodyLimit as honoBodyLimit } from 'hono/body-limit';
import { PayloadTooLargeError } from '../errors/catalogue.ts';
import { MAX_BODY_BYTES } from './limits.ts';

/** Methods whose body no route reads: the limit is not checked for them. */
const BODILESS = new Set(['GET', 'HEAD']);

/**
 * Hono's body-limit answering the contract's 413 problem. The other body rules (415 for a
 * body that is not JSON, 400 `INVALID_JSON`) come from each route's zod-openapi validator.
 *
 * - GET and HEAD are let through unchecked: no route reads their body.
 * - A body of a declared length (`Content-Length`, not chunked) is judged by that header, as
 *   hono's middleware judges it; Node's parser never reads past the declared length.
 * - Any other body (chunked) goes through hono's middleware, which counts its bytes.
 *
 * Hono's middleware first asks for `c.req.raw.body`, which makes @hono/node-server build a
 * full web `Request` (URL, headers, abort signal, the body as a web stream) that the route's
 * JSON read then goes through. Asked only for chunked bodies, the route reads the body
 * straight from Node's request: a measured share of every POST's main-thread time
 * (tools/bench/notes.md, ninth pass).
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
    if (BODILESS.has(c.req.method)) return next();
    const declared = c.req.header('content-length');
    if (declared === undefined || c.req.header('transfer-encoding') !== undefined) {
      return limit(c, next);
    }
    if (Number.parseInt(declared, 10) > maxBytes) throw new PayloadTooLargeError();
    return next();
  };
}
