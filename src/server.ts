import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import { STATUS_CODES, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { createApp } from './app.ts';
import type { Config } from './configs/config.ts';
import { buildNodeRuntime } from './configs/node-runtime.ts';
import { InvalidArgumentError, RequestHeadersTooLargeError } from './kit/errors/catalogue.ts';
import { problemResponse } from './kit/http/problem.ts';
import { requestId } from './kit/http/request-id.ts';
import { createBatchedLines } from './kit/log/batched-lines.ts';
import { createFdWriter } from './kit/log/fd-writer.ts';
import { createLogger, describeError, type Logger } from './kit/log/logger.ts';

const DRAIN_TIMEOUT_MS = 10_000;

export interface RunningServer {
  readonly url: string;
  /** The underlying `node:http` server (tests wait on its events). */
  readonly node: Server;
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
export async function startServer(
  config: Config,
  hostname = '127.0.0.1',
  logger: Logger = createLogger({ level: config.LOG_LEVEL }),
): Promise<RunningServer> {
  const runtime = await buildNodeRuntime(config, logger, { dispatcher: true });
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
  const node = server as Server;
  node.on('clientError', (error: Error & { code?: string }, socket: Socket) => {
    answerRefusal(error, socket, logger);
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
  return { url, node, close };
}

/** Request ids and security headers on a refusal, exactly as the app writes them. */
const refusals = new Hono().use(requestId(), secureHeaders()).all('*', (c) =>
  problemResponse(
    c,
    c.req.query('status') === '431'
      ? new RequestHeadersTooLargeError()
      : new InvalidArgumentError({
          detail: {
            en: 'The request is malformed.',
            fa: 'درخواست نادرست است.',
          },
        }),
  ),
);

/**
 * Node's HTTP parser refused a request (headers over its limit, a malformed request line):
 * answer with a problem document, a request id and the security headers, as the app
 * would, instead of Node's empty 400/431. A client that hung up gets nothing.
 */
function answerRefusal(error: Error & { code?: string }, socket: Socket, logger: Logger): void {
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const status = error.code === 'HPE_HEADER_OVERFLOW' ? 431 : 400;
  logger.warn('request refused by the HTTP parser', { status, code: error.code });
  void Promise.resolve(refusals.request(`/?status=${status}`)).then(async (response) => {
    const body = Buffer.from(await response.text());
    const head = [`HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}`];
    response.headers.forEach((value, name) => head.push(`${name}: ${value}`));
    head.push(`content-length: ${body.length}`, 'connection: close');
    if (socket.writable)
      socket.end(Buffer.concat([Buffer.from(`${head.join('\r\n')}\r\n\r\n`), body]));
    else socket.destroy();
  });
}

/** Serves until SIGINT or SIGTERM, then drains in-flight requests and exits. */
export async function serveUntilSignal(config: Config): Promise<void> {
  // The process owns stdout: log lines go out batched, one write per turn of the loop, to the
  // descriptor itself rather than through process.stdout (createFdWriter says why).
  const lines = createBatchedLines({ out: createFdWriter() });
  process.on('exit', lines.flush);
  const logger = createLogger({ level: config.LOG_LEVEL, write: lines.write });
  const server = await startServer(config, process.env.HOST ?? '127.0.0.1', logger);
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      server.close().then(resolve, (error: unknown) => {
        logger.error('stopping failed', describeError(error));
        process.exitCode = 1;
        resolve();
      });
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  lines.flush();
}
