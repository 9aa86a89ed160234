import type { AppDeps } from '../app.ts';
import { openDatabase } from '../db/client.ts';
import { migrate } from '../db/migrate.ts';
import { rememberReadsOf } from '../db/versioned-memo.ts';
import type { Cache } from '../kit/cache/cache.port.ts';
import type { Redis } from 'ioredis';
import { createNodeJwtAccessTokens } from '../kit/auth/node-jwt.ts';
import { createMemoryCache } from '../kit/cache/memory-cache.ts';
import { createRedisRateLimiter } from '../kit/rate-limit/redis-rate-limiter.ts';
import { createLogger, describeError, type Logger } from '../kit/log/logger.ts';
import type { Defer } from '../kit/runtime.ts';
import { composeDeps, runChores } from './compose.ts';
import type { Config } from './config.ts';
import { packageDocsAssets } from './docs-assets.ts';

/** How long `close` waits for work deferred after responses (outbox sends). */
const SHUTDOWN_GRACE_MS = 10_000;

/**
 * How long a server's sends after a commit wait for other commits' emails: a process serving
 * many registrations claims and marks them in one write each instead of two writes an email,
 * and each write is a journal and its fsyncs (tools/bench/notes.md, seventh and ninth passes).
 * An email goes at most this much later, well inside the seconds a provider takes to deliver
 * it. A command-line run has nothing to gather: it sends at once.
 */
const OUTBOX_GATHER_MS = 500;

async function settleAll(tasks: Set<Promise<unknown>>): Promise<void> {
  while (tasks.size > 0) await Promise.allSettled([...tasks]);
}

/** The Node composition root's product: the app's deps and how to release them. */
export interface NodeRuntime {
  readonly deps: AppDeps;
  readonly close: () => Promise<void>;
}

/**
 * The composition root for Node (and Deno): one database client for the process (migrated
 * before use), the cache (in-process LRU, or Redis shared by several instances when
 * `CACHE_URL` is set), the JSON logger; with `dispatcher`, the outbox's timer.
 *
 * @example
 * const runtime = await buildNodeRuntime(loadConfig(process.env));
 * const app = createApp(runtime.deps);
 */
export async function buildNodeRuntime(
  config: Config,
  logger: Logger = createLogger({ level: config.LOG_LEVEL }),
  { dispatcher = false }: { dispatcher?: boolean } = {},
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
  const rateLimiter = cache.client ? createRedisRateLimiter(cache.client) : undefined;
  // Work deferred after responses (the outbox's sends, password-reset requests): kept so
  // `close` waits for it. An email whose send is cut short stays in the outbox, due again.
  const deferred = new Set<Promise<unknown>>();
  // Node has no waitUntil: the task runs after the response; it handles its own errors.
  const defer: Defer = (task) => {
    const tracked = task.finally(() => deferred.delete(tracked));
    deferred.add(tracked);
  };
  const deps = composeDeps({
    config,
    db,
    pingDatabase: probe,
    cache,
    docsAssets: packageDocsAssets(),
    logger,
    // HS256 with node:crypto: synchronous, no thread-pool hop per request.
    accessTokens: createNodeJwtAccessTokens,
    // Reads remembered while the file's header shows no commit since (the principal's).
    remember: rememberReadsOf(client),
    defer,
    outboxGatherMs: dispatcher ? OUTBOX_GATHER_MS : 0,
    ...(rateLimiter ? { rateLimiter } : {}),
    connectionAddress,
  });
  const drainTracked = () => {
    defer(runChores(deps, logger));
  };
  // A server sends what an earlier process left in the outbox, then sweeps it (and does the
  // other chores) every OUTBOX_INTERVAL_SECONDS; a command-line run only sends what it queued.
  let timer: ReturnType<typeof setInterval> | undefined;
  if (dispatcher) {
    drainTracked();
    timer = setInterval(drainTracked, config.OUTBOX_INTERVAL_SECONDS * 1000);
    timer.unref();
  }
  return {
    deps,
    close: async () => {
      clearInterval(timer);
      // Sends in progress get a bounded while to finish and be recorded; one cut short
      // stays in the outbox (its lease runs out) and the next start sends it again.
      const bound = new Promise((resolve) => setTimeout(resolve, SHUTDOWN_GRACE_MS).unref());
      await Promise.race([settleAll(deferred), bound]);
      client.close();
      await cache.close();
    },
  };
}

/**
 * The peer address of the connection: @hono/node-server's `env.incoming` (Node), or the
 * `remoteAddr` that `src/deno.ts` hands `app.fetch` (Deno).
 */
function connectionAddress(env: unknown): string | undefined {
  const bindings = env as
    | {
        incoming?: { socket?: { remoteAddress?: string } };
        remoteAddr?: { hostname?: string };
      }
    | undefined;
  return bindings?.incoming?.socket?.remoteAddress ?? bindings?.remoteAddr?.hostname;
}

/** Redis when `CACHE_URL` names one (loaded only then), else the in-process LRU. */
async function cacheFor(
  config: Config,
  logger: Logger,
): Promise<Cache & { close: () => Promise<void>; client?: Redis }> {
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
