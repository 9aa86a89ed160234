import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { createApp } from './app.ts';
import type { Config } from './configs/config.ts';
import { buildNodeRuntime } from './configs/node-runtime.ts';
import { createLogger } from './kit/log/logger.ts';

const DRAIN_TIMEOUT_MS = 10_000;

export interface RunningServer {
  readonly url: string;
  /** Stops accepting connections, lets in-flight requests finish, then closes the database. */
  readonly close: () => Promise<void>;
}

/**
 * The Node entry: opens `DATABASE_URL` (creating `.data/`), applies migrations and serves
 * `createApp(deps)` with @hono/node-server.
 *
 * @example
 * const server = await startServer(loadConfig(process.env));
 */
export async function startServer(config: Config, hostname = '127.0.0.1'): Promise<RunningServer> {
  const logger = createLogger({ level: config.LOG_LEVEL });
  const runtime = await buildNodeRuntime(config, logger);
  const app = createApp(runtime.deps);
  // Handlers can outlive their connection (a client that hangs up mid-request): the
  // database is closed only once every handler has settled.
  let inFlight = 0;
  let settled: (() => void) | undefined;
  const fetch = async (request: Request, env: unknown): Promise<Response> => {
    inFlight++;
    try {
      return await app.fetch(request, env);
    } finally {
      if (--inFlight === 0) settled?.();
    }
  };
  const handlersSettled = () =>
    inFlight === 0
      ? Promise.resolve()
      : new Promise<void>((resolve) => {
          settled = resolve;
        });
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch, port: config.PORT, hostname }, () => {
      resolve(s);
    });
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${hostname}:${port}`;
  logger.info('listening', { url, env: config.APP_ENV });

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= new Promise<void>((resolve, reject) => {
      // Keep-alive connections go idle as their last request finishes: close them as they do.
      const idle = setInterval(() => {
        if ('closeIdleConnections' in server) server.closeIdleConnections();
      }, 50);
      const force = setTimeout(() => {
        if ('closeAllConnections' in server) server.closeAllConnections();
      }, DRAIN_TIMEOUT_MS);
      server.close((error) => {
        clearInterval(idle);
        clearTimeout(force);
        handlersSettled()
          .then(() => runtime.close())
          .then(() => {
            logger.info('stopped');
            if (error) reject(error);
            else resolve();
          }, reject);
      });
      if ('closeIdleConnections' in server) server.closeIdleConnections();
    }));
  return { url, close };
}

/** Serves until SIGINT or SIGTERM, then drains in-flight requests and exits. */
export async function serveUntilSignal(config: Config): Promise<void> {
  const server = await startServer(config, process.env.HOST ?? '127.0.0.1');
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      server.close().then(resolve, (error: unknown) => {
        console.error(error);
        process.exitCode = 1;
        resolve();
      });
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}
