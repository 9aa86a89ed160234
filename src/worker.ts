import { createClient } from '@libsql/client/web';
import { waitUntil } from 'cloudflare:workers';
import { drizzle } from 'drizzle-orm/libsql/web';
import { createApp, type App } from './app.ts';
import { composeDeps, emailGatewayFor } from './configs/compose.ts';
import { loadConfig } from './configs/config.ts';
import * as schema from './db/schema.ts';
import { ServiceUnavailableError } from './kit/errors/catalogue.ts';
import { problemResponseFor } from './kit/http/problem.ts';
import { createKvCache, type KvNamespaceLike } from './kit/cache/kv-cache.ts';
import { createLogger, describeError } from './kit/log/logger.ts';

/** The Worker's bindings: the KV namespace for the cache, and vars/secrets for config. */
export interface WorkerEnv {
  readonly CACHE: KvNamespaceLike;
  readonly [variable: string]: unknown;
}

let app: App | undefined;

/**
 * The composition root for Workers, run once per isolate on its first request (bindings
 * exist only then): one libSQL HTTP client for the isolate, KV from the binding, the
 * welcome email through `waitUntil`.
 */
function appFor(env: WorkerEnv): App {
  if (app) return app;
  const config = loadConfig(env);
  if (config.DATABASE_URL.startsWith('file:') || config.DATABASE_URL === ':memory:') {
    throw new Error('DATABASE_URL must be a libsql://, https:// or http:// URL in a Worker');
  }
  const client = createClient({ url: config.DATABASE_URL, authToken: config.DATABASE_AUTH_TOKEN });
  const logger = createLogger({ level: config.LOG_LEVEL });
  app = createApp(
    composeDeps({
      config,
      db: drizzle(client, { schema }),
      pingDatabase: async () => {
        await client.execute('select 1');
      },
      cache: createKvCache(env.CACHE),
      logger,
      email: emailGatewayFor(config, logger),
      defer: waitUntil,
    }),
  );
  return app;
}

export default {
  fetch(request: Request, env: WorkerEnv, ctx: unknown): Response | Promise<Response> {
    let built: App;
    try {
      built = appFor(env);
    } catch (error) {
      // A misconfigured Worker cannot stop like a process: it says so in its log and
      // answers every request with a problem that names nothing internal.
      console.error(
        JSON.stringify({ level: 'error', msg: 'startup failed', ...describeError(error) }),
      );
      return problemResponseFor(
        request,
        new ServiceUnavailableError({
          detail: { en: 'The service is not configured.', fa: 'سرویس پیکربندی نشده است.' },
        }),
      );
    }
    return built.fetch(request, env, ctx as never);
  },
};
