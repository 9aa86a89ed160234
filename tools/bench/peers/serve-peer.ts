import { serve } from '@hono/node-server';

/**
 * Serves a Hono peer's `fetch` with @hono/node-server on 127.0.0.1:`PORT`; SIGTERM closes
 * it (connections too), then runs `onStop`.
 */
export function servePeer(
  fetch: (request: Request) => Response | Promise<Response>,
  onStop?: () => void,
): void {
  const server = serve({ fetch, port: Number(process.env.PORT ?? 0), hostname: '127.0.0.1' });
  process.once('SIGTERM', () => {
    server.close();
    if ('closeAllConnections' in server) server.closeAllConnections();
    onStop?.();
  });
}
