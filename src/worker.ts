import { createClient } from '@libsql/client/web';
import { waitUntil } from 'cloudflare:workers';
import { createApp, type App, type AppDeps } from './app.ts';
import { composeDeps, runChores } from './configs/compose.ts';
import { loadConfig } from './configs/config.ts';
import { remoteClientConfig, remoteDatabase } from './db/remote.ts';
import { ServiceUnavailableError } from './kit/errors/catalogue.ts';
import { problemResponseFor } from './kit/http/problem.ts';
import { createKvCache, type KvNamespaceLike } from './kit/cache/kv-cache.ts';
import type { DocsAssets } from './kit/http/docs.ts';
import { createLogger, describeError } from './kit/log/logger.ts';
import { createMemoryRateLimiter } from './kit/rate-limit/memory-rate-limiter.ts';
import {
  createWorkersRateLimiter,
  type RateLimitBinding,
} from './kit/rate-limit/workers-rate-limiter.ts';

/** The Worker's bindings: the KV namespace for the cache, and vars/secrets for config. */
export interface WorkerEnv {
  readonly CACHE: KvNamespaceLike;
  /** Static assets (`[assets]` in wrangler.toml): the installed swagger-ui-dist files. */
  readonly ASSETS?: { fetch(request: Request): Promise<Response> };
  /** The Rate Limiting bindings of wrangler.toml's `[[ratelimits]]`, one per family. */
  readonly RATE_LIMIT_TOKEN?: RateLimitBinding;
  readonly RATE_LIMIT_REFRESH?: RateLimitBinding;
  readonly RATE_LIMIT_PASSWORD_RESET?: RateLimitBinding;
  readonly RATE_LIMIT_REGISTER?: RateLimitBinding;
  readonly RATE_LIMIT_VERIFY_EMAIL?: RateLimitBinding;
  readonly [variable: string]: unknown;
}

let app: App | undefined;
/** The isolate's composition, for the Cron Trigger's outbox drain. */
let composed: AppDeps | undefined;

/**
 * The composition root for Workers, run once per isolate on its first request (bindings
 * exist only then): one libSQL HTTP client for the isolate, KV from the binding, the
 * outbox's emails sent through `waitUntil` after the response, and by the Cron Trigger.
 */
function appFor(env: WorkerEnv): App {
  if (app) return app;
  const config = loadConfig(env);
  if (config.DATABASE_URL.startsWith('file:') || config.DATABASE_URL === ':memory:') {
    throw new Error('DATABASE_URL must be a libsql://, https:// or http:// URL in a Worker');
  }
  const { db, probe } = remoteDatabase(
    createClient(remoteClientConfig(config.DATABASE_URL, config.DATABASE_AUTH_TOKEN)),
  );
  const logger = createLogger({ level: config.LOG_LEVEL });
  const deps = composeDeps({
    config,
    db,
    pingDatabase: probe,
    cache: createKvCache(env.CACHE),
    logger,
    defer: waitUntil,
    docsAssets: assetsBindingDocs(env.ASSETS),
    edge: true,
    rateLimiter: createWorkersRateLimiter(
      {
        token: env.RATE_LIMIT_TOKEN,
        refresh: env.RATE_LIMIT_REFRESH,
        'password-reset': env.RATE_LIMIT_PASSWORD_RESET,
        register: env.RATE_LIMIT_REGISTER,
        'verify-email': env.RATE_LIMIT_VERIFY_EMAIL,
      },
      // Without a binding (an old wrangler.toml): per isolate, better than nothing.
      createMemoryRateLimiter(),
    ),
  });
  composed = deps;
  app = createApp(deps);
  return app;
}

/** `/docs`'s files from the assets binding, which serves `node_modules/swagger-ui-dist`. */
function assetsBindingDocs(assets: WorkerEnv['ASSETS']): DocsAssets {
  return async (name) => {
    if (!assets) return undefined;
    const response = await assets.fetch(new Request(`https://assets.local/${name}`));
    return response.ok ? new Uint8Array(await response.arrayBuffer()) : undefined;
  };
}

export default {
  /**
   * The Cron Trigger (`[triggers] crons` in wrangler.toml): sends what the outbox still
   * holds, emails whose first send after their response failed or was cut short, and does
   * the other chores (`runChores`).
   */
  scheduled(
    _controller: unknown,
    env: WorkerEnv,
    ctx: { waitUntil(task: Promise<unknown>): void },
  ) {
    appFor(env);
    if (composed) ctx.waitUntil(runChores(composed, composed.logger));
  },

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
