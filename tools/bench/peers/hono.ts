/**
 * Bare Hono on @hono/node-server answering `GET /` with a small JSON body: what the framework
 * alone costs. Listens on 127.0.0.1:`PORT`; SIGTERM closes it.
 */
import { serve } from '@hono/node-server';
import { Hono } from 'hono';

const app = new Hono().get('/', (c) => c.json({ message: 'hello' }));
const server = serve({
  fetch: app.fetch,
  port: Number(process.env.PORT ?? 0),
  hostname: '127.0.0.1',
});

process.once('SIGTERM', () => {
  server.close();
  if ('closeAllConnections' in server) server.closeAllConnections();
});
