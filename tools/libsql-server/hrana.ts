import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SqlConnection, type BusyPolicy } from './connection.ts';
import {
  decodePipelineRequest,
  HranaHttpError,
  type HranaVersion,
  type PipelineResponseBody,
  type StreamResult,
} from './protocol.ts';
import { StreamRegistry } from './registry.ts';

/** Options of {@link createHranaServer}. */
export interface HranaServerOptions {
  /** The database file; it is created if missing, but its folder must exist. */
  readonly databasePath: string;
  /** A stream unused for this long is closed and its transaction rolled back (default 10 s). */
  readonly streamIdleTimeoutMs?: number;
  /** How long a statement waits for a lock that another stream holds (default 5 s). */
  readonly busyTimeoutMs?: number;
  /** If set, pipeline requests must carry `Authorization: Bearer <authToken>`. */
  readonly authToken?: string;
  /** The largest request body accepted (default 32 MiB). */
  readonly maxBodyBytes?: number;
}

/** Where a listening {@link HranaServer} can be reached. */
export interface HranaServerAddress {
  /** The base URL to give `createClient({ url })`. */
  readonly url: string;
  readonly port: number;
}

/** A local libSQL server speaking Hrana over HTTP (JSON, versions 2 and 3). */
export interface HranaServer {
  /** Binds a loopback address; port 0 picks a free port. */
  listen(port: number, host?: string): Promise<HranaServerAddress>;
  /** Stops listening, drops connections and closes every stream. Idempotent. */
  close(): Promise<void>;
  /** The number of open streams. */
  readonly openStreams: number;
}

const LOOPBACK = /^(127(\.\d{1,3}){3}|::1|localhost)$/;
const HELLO = 'Hello, this is HTTP API v2 (Hrana over HTTP)\n';
const PIPELINES: ReadonlyMap<string, HranaVersion> = new Map([
  ['/v2/pipeline', 2],
  ['/v3/pipeline', 3],
]);
const PROBES = new Set(['/', '/health', '/v2', '/v3']);

function send(res: ServerResponse, status: number, type: string, body: string): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  // Exactly `application/json`: the client parses an error body only for this exact type.
  send(res, status, 'application/json', JSON.stringify(body));
}

async function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    // Keep draining past the limit, so that the 413 response can still be written.
    if (size <= maxBytes) chunks.push(chunk);
  }
  if (size > maxBytes) {
    throw new HranaHttpError(413, 'PAYLOAD_TOO_LARGE', `Request body exceeds ${maxBytes} bytes`);
  }
  return Buffer.concat(chunks);
}

function sha256(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

/**
 * Creates a stand-in for a libSQL server (`turso dev`, sqld) over one database file, for
 * `@libsql/client` over `http://`. Each Hrana stream owns its own `libsql` connection, so
 * interactive transactions are isolated; the file is put in WAL mode.
 *
 * @example
 * const server = createHranaServer({ databasePath: '.data/dev.db' });
 * const { url } = await server.listen(8080); // http://127.0.0.1:8080
 */
export function createHranaServer(options: HranaServerOptions): HranaServer {
  const { databasePath, authToken } = options;
  if (databasePath === '' || databasePath === ':memory:' || databasePath.startsWith('file:')) {
    throw new TypeError('databasePath must be the path of a database file');
  }
  const maxBodyBytes = options.maxBodyBytes ?? 32 * 1024 * 1024;
  let closing = false;
  const policy: BusyPolicy = {
    timeoutMs: options.busyTimeoutMs ?? 5_000,
    aborted: () => closing,
  };
  const registry = new StreamRegistry({
    openConnection: () => new SqlConnection(databasePath),
    idleTimeoutMs: options.streamIdleTimeoutMs ?? 10_000,
  });
  // Held open for the server's life: sets WAL once and keeps the WAL index between streams.
  let keeper: SqlConnection | undefined;
  let closed: Promise<void> | undefined;

  const authorized = (req: IncomingMessage): boolean => {
    if (authToken === undefined) return true;
    const match = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '');
    return match?.[1] !== undefined && timingSafeEqual(sha256(match[1]), sha256(authToken));
  };

  const pipeline = async (
    req: IncomingMessage,
    version: HranaVersion,
  ): Promise<PipelineResponseBody> => {
    if (!authorized(req)) throw new HranaHttpError(401, 'UNAUTHORIZED', 'Unauthorized');
    const text = (await readBody(req, maxBodyBytes)).toString('utf8');
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      throw new HranaHttpError(
        400,
        'PROTOCOL_ERROR',
        `Cannot deserialize client message from JSON: ${detail}`,
      );
    }
    const body = decodePipelineRequest(json);
    const lease = registry.acquire(body.baton);
    const results: StreamResult[] = [];
    try {
      for (const request of body.requests) {
        results.push(await lease.stream.handle(request, version, policy));
      }
    } catch (error) {
      registry.discard(lease);
      throw error;
    }
    return { baton: registry.release(lease), base_url: null, results };
  };

  const route = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const version = PIPELINES.get(path);
    if (version !== undefined && req.method === 'POST') {
      sendJson(res, 200, await pipeline(req, version));
    } else if (PROBES.has(path) && (req.method === 'GET' || req.method === 'HEAD')) {
      send(res, 200, 'text/plain', HELLO);
    } else if (version !== undefined || PROBES.has(path)) {
      throw new HranaHttpError(405, 'METHOD_NOT_ALLOWED', `${req.method} is not allowed here`);
    } else {
      throw new HranaHttpError(404, 'NOT_FOUND', `No route for ${path}`);
    }
  };

  const server = createServer((req, res) => {
    route(req, res).catch((error: unknown) => {
      if (error instanceof HranaHttpError) {
        sendJson(res, error.status, { message: error.message, code: error.code });
        return;
      }
      console.error('libsql stand-in: internal error', error);
      const message = error instanceof Error ? error.message : String(error);
      sendJson(res, 500, { message, code: 'INTERNAL_ERROR' });
    });
  });

  return {
    get openStreams() {
      return registry.size;
    },

    async listen(port, host = '127.0.0.1') {
      if (!LOOPBACK.test(host)) throw new TypeError(`Refusing to bind ${host}: loopback only`);
      if (closed) throw new Error('The server is closed');
      keeper ??= new SqlConnection(databasePath);
      keeper.exec('PRAGMA journal_mode = WAL');
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          // Without a listener, a later server error (EMFILE on accept...) would crash us.
          server.on('error', (error) => {
            console.error('libsql stand-in: server error', error);
          });
          resolve();
        });
      });
      const address = server.address() as AddressInfo;
      const hostname = address.family === 'IPv6' ? `[${address.address}]` : address.address;
      return { url: `http://${hostname}:${address.port}`, port: address.port };
    },

    close() {
      closed ??= (async () => {
        closing = true;
        if (server.listening) {
          await new Promise<void>((resolve) => {
            server.close(() => {
              resolve();
            });
            server.closeAllConnections();
          });
        }
        registry.closeAll();
        keeper?.close();
      })();
      return closed;
    },
  };
}
