import { OpenAPIHono } from '@hono/zod-openapi';
import { validationHook } from '../kit/http/validation.ts';
import type { AppEnv } from './app-env.ts';

/**
 * The one way to make a router: every router, the app's and each resource's, gets the same
 * validation hook and strict routing, so invalid input is the same 400 problem whether the router is mounted
 * in the app or tested on its own.
 *
 * @example
 * export const thingRoutes = () => createRouter().openapi(getThing, (c) => c.json(…, 200));
 */
export function createRouter() {
  // strict: a trailing slash is another, unknown path (404), never the route without it.
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook, strict: true });
}
