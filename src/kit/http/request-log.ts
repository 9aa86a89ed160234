import type { MiddlewareHandler } from 'hono';
import type { Logger } from '../log/logger.ts';

/**
 * One structured line per request: method, path, status, duration and request id. Never
 * the body, the query string or headers, which may carry secrets.
 *
 * @example
 * app.use(requestLog(logger));
 */
export function requestLog(logger: Logger): MiddlewareHandler {
  return async function requestLog(c, next) {
    const started = performance.now();
    await next();
    logger.info('request', {
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      ms: Math.round((performance.now() - started) * 100) / 100,
      requestId: c.get('requestId'),
    });
  };
}
