import type { AppDeps } from '../app.ts';
import { openDatabase } from '../db/client.ts';
import { migrate } from '../db/migrate.ts';
import { createMemoryCache } from '../kit/cache/memory-cache.ts';
import { createLogger, type Logger } from '../kit/log/logger.ts';
import { composeDeps, emailGatewayFor } from './compose.ts';
import type { Config } from './config.ts';

/** The Node composition root's product: the app's deps and how to release them. */
export interface NodeRuntime {
  readonly deps: AppDeps;
  readonly close: () => Promise<void>;
}

/**
 * The composition root for Node: one database client for the process (migrated before
 * use), the in-process cache, the JSON logger.
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
  const deps = composeDeps({
    config,
    db,
    pingDatabase: probe,
    cache: createMemoryCache(),
    logger,
    email: emailGatewayFor(config, logger),
    // Node has no waitUntil: the task runs detached; it handles its own errors.
    defer: (task) => {
      void task;
    },
  });
  return {
    deps,
    close: () => {
      client.close();
      return Promise.resolve();
    },
  };
}
