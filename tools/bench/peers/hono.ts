/**
 * Bare Hono on @hono/node-server answering `GET /` with a small JSON body: what the framework
 * alone costs. Listens on 127.0.0.1:`PORT`; SIGTERM closes it.
 */
import { Hono } from 'hono';
import { servePeer } from './serve-peer.ts';

const app = new Hono().get('/', (c) => c.json({ message: 'hello' }));
servePeer(app.fetch);
