import type { AppDeps } from '../app.ts';
import { openDatabase } from '../db/client.ts';
import { migrate } from '../db/migrate.ts';
import type { Cache } from '../kit/cache/cache.port.ts';
import { createNodeJwtAccessTokens } from '../kit/auth/node-jwt.ts';
import { createMemoryCache } from '../kit/cache/memory-cache.ts';
import { createLogger, describeError, type Logger } from '../kit/log/logger.ts';
import { composeDeps, emailGatewayFor } from './compose.ts';
import type { Config } from './config.ts';
import { packageDocsAssets } from './docs-assets.ts';

/** The Node composition root's product: the app's deps and how to release them. */
export interface NodeRuntime {
  readonly deps: AppDeps;
  readonly close: () => Promise<void>;
}

/**
 * The composition root for Node (and Deno): one database client for the process (migrated
 * before use), the cache (in-process LRU, or Redis shared by several instances when
 * `CACHE_URL` is set), the JSON logger.
 *
 * @example
 * const runtime = await buildNodeRuntime(loadConfig(process.env));
 * const app = createApp(runtime.deps);
 */
export async function buildNodeRuntime(
  config: Config,
  logger: Logger = createLogger({ level: config.LOG_LEVEL }),
): Promise<NodeRuntime> {
  const { db, client, probe } = openDatabase({
    url: config.DATABASE_URL,
    authToken: config.DATABASE_AUTH_TOKEN,
    busyTimeoutMs: config.DATABASE_BUSY_TIMEOUT_MS,
    onBusy: (code) => {
      logger.debug('database locked by another connection: waiting', { code });
    },
  });
  try {
    await migrate(db);
  } catch (error) {
    client.close();
    throw error;
  }
  const cache = await cacheFor(config, logger);
  const deps = composeDeps({
    config,
    db,
    pingDatabase: probe,
    cache,
    docsAssets: packageDocsAssets(),
    logger,
    email: emailGatewayFor(config, logger),
    // HS256 with node:crypto: synchronous, no thread-pool hop per request.
    accessTokens: createNodeJwtAccessTokens,
    // Node has no waitUntil: the task runs detached; it handles its own errors.
    defer: (task) => {
      void task;
    },
  });
  return {
    deps,
    close: async () => {
      client.close();
      await cache.close();
    },
  };
}

/** Redis when `CACHE_URL` names one (loaded only then), else the in-process LRU. */
async function cacheFor(
  config: Config,
  logger: Logger,
): Promise<Cache & { close: () => Promise<void> }> {
  if (config.CACHE_URL === undefined) {
    return { ...createMemoryCache(), close: () => Promise.resolve() };
  }
  const { createRedisCache } = await import('../kit/cache/redis-cache.ts');
  return createRedisCache({
    url: config.CACHE_URL,
    // Every failed reconnect emits one; the resilient wrapper logs the failed commands.
    onError: (error) => {
      logger.debug('redis connection error', describeError(error));
    },
  });
}
