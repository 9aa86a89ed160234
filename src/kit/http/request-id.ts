import type { MiddlewareHandler } from 'hono';
import { requestId as honoRequestId, type RequestIdVariables } from 'hono/request-id';

const CLIENT_REQUEST_ID = /^[A-Za-z0-9._-]{1,128}$/;

/** The client's `X-Request-Id` when the contract allows it (1–128 of `[A-Za-z0-9._-]`). */
export function acceptedRequestId(header: string | undefined): string | undefined {
  return header !== undefined && CLIENT_REQUEST_ID.test(header) ? header : undefined;
}

/**
 * Hono's request-id middleware with the contract's alphabet. Hono's own check allows `=`
 * and forbids `.`, so the client's header is judged here, in the generator, which also
 * writes the response header: with no header name, hono's middleware neither reads the
 * client's header nor writes one. `c.get('requestId')` is set as usual. One layer, not a
 * second one around hono's (tools/bench/notes.md, eleventh pass).
 *
 * @example
 * app.use(requestId());
 */
export function requestId(): MiddlewareHandler<{ Variables: RequestIdVariables }> {
  return honoRequestId({
    headerName: '',
    generator: (c) => {
      const id = acceptedRequestId(c.req.header('x-request-id')) ?? crypto.randomUUID();
      c.header('X-Request-Id', id);
      return id;
    },
  });
}
