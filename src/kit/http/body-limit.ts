import type { MiddlewareHandler } from 'hono';
import { bodyLimit as honoBodyLimit } from 'hono/body-limit';
import { PayloadTooLargeError } from '../errors/catalogue.ts';
import { MAX_BODY_BYTES } from './limits.ts';

/**
 * Hono's body-limit answering the contract's 413 problem. The other body rules (415 for a
 * body that is not JSON, 400 `INVALID_JSON`) come from each route's zod-openapi validator.
 *
 * @example
 * app.use(bodyLimit());
 */
export function bodyLimit({
  maxBytes = MAX_BODY_BYTES,
}: { maxBytes?: number } = {}): MiddlewareHandler {
  return honoBodyLimit({
    maxSize: maxBytes,
    onError: () => {
      throw new PayloadTooLargeError();
    },
  });
}
