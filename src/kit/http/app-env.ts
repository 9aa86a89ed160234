import type { RequestIdVariables } from 'hono/request-id';

/** The hono environment every router of the app shares. */
export interface AppEnv {
  Variables: RequestIdVariables;
}
