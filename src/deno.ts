import { createApp } from './app.ts';
import { ConfigError, loadConfig } from './configs/config.ts';
import { buildNodeRuntime } from './configs/node-runtime.ts';
import { createBatchedLines } from './kit/log/batched-lines.ts';
import { createFdWriter } from './kit/log/fd-writer.ts';
import { createLogger, describeError } from './kit/log/logger.ts';

/* The few Deno APIs this entry uses; tsc type-checks the project without Deno's own types. */
interface DenoServer {
  readonly addr: { readonly hostname: string; readonly port: number };
  shutdown(): Promise<void>;
}
declare const Deno: {
  env: { toObject(): Record<string, string> };
  serve(
    options: {
      port: number;
      hostname: string;
      onListen?: (addr: { hostname: string; port: number }) => void;
    },
    handler: (
      request: Request,
      info: { remoteAddr: { hostname: string } },
    ) => Response | Promise<Response>,
  ): DenoServer;
  addSignalListener(signal: 'SIGINT' | 'SIGTERM', handler: () => void): void;
  exit(code?: number): never;
};
/** Deno's global event target: `unload` comes on a normal exit and on `Deno.exit`. */
declare function addEventListener(type: 'unload', listener: () => void): void;

// As on Node (`serveUntilSignal`): log lines batched, one write per turn of the event loop, to
// standard output's descriptor (Deno runs node:fs), not a console.log per line. Deno dispatches
// `unload` on a normal exit and on Deno.exit; a failed start-up flushes below.
const lines = createBatchedLines({ out: createFdWriter() });
addEventListener('unload', lines.flush);

/**
 * The Deno entry (`npm run start:deno`): the same `createApp` and Node composition root
 * (embedded libSQL through its native binding, or libSQL over HTTP), served by `Deno.serve`.
 * Stops on SIGINT/SIGTERM after in-flight requests finish.
 */
async function main(): Promise<void> {
  const env = Deno.env.toObject();
  let config;
  try {
    config = loadConfig(env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    Deno.exit(2);
  }
  const logger = createLogger({ level: config.LOG_LEVEL, write: lines.write });
  const runtime = await buildNodeRuntime(config, logger, { dispatcher: true });
  const app = createApp(runtime.deps);
  const hostname = env.HOST ?? '127.0.0.1';
  const server = Deno.serve(
    {
      port: config.PORT,
      hostname,
      onListen: (addr) => {
        logger.info('listening', {
          url: `http://${addr.hostname}:${addr.port}`,
          env: config.APP_ENV,
          runtime: 'deno',
        });
      },
    },
    (request, info) => app.fetch(request, { remoteAddr: info.remoteAddr }),
  );
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    void server
      .shutdown()
      .then(() => runtime.close())
      .then(
        () => {
          logger.info('stopped');
          Deno.exit(0);
        },
        (error: unknown) => {
          logger.error('stopping failed', describeError(error));
          Deno.exit(1);
        },
      );
  };
  Deno.addSignalListener('SIGINT', stop);
  Deno.addSignalListener('SIGTERM', stop);
}

try {
  await main();
} catch (error) {
  lines.flush();
  throw error;
}
