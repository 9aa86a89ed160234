import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { request, type IncomingMessage } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../src/configs/config.ts';
import { createLogger } from '../../src/kit/log/logger.ts';
import { startServer } from '../../src/server.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const folder = mkdtempSync(join(tmpdir(), 'user-api-server-'));
afterAll(() => {
  rmSync(folder, { recursive: true, force: true });
});

async function serve(name: string, env: Record<string, string> = {}) {
  const lines: string[] = [];
  const config = loadConfig({
    DATABASE_URL: `file:${join(folder, name, 'app.db')}`,
    JWT_SECRET: 'node-server-test-secret-of-32-bytes-or-more',
    LOG_LEVEL: 'debug',
    ...env,
  });
  const logger = createLogger({ level: 'debug', write: (line) => lines.push(line) });
  const server = await startServer({ ...config, PORT: 0 }, '127.0.0.1', logger);
  const { port } = new URL(server.url);
  const entries = () => lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  return { server, port: Number(port), entries };
}

/** Sends raw bytes and returns everything the server answers until it closes. */
async function raw(port: number, bytes: string): Promise<string> {
  const socket = connect(port, '127.0.0.1');
  await once(socket, 'connect');
  socket.write(bytes);
  const chunks: Buffer[] = [];
  socket.on('data', (chunk: Buffer) => chunks.push(chunk));
  await once(socket, 'close');
  return Buffer.concat(chunks).toString();
}

function parseRawResponse(text: string) {
  const [head = '', body = ''] = text.split('\r\n\r\n');
  const [statusLine = '', ...headerLines] = head.split('\r\n');
  const headers = new Map(
    headerLines.map((line) => {
      const at = line.indexOf(':');
      return [line.slice(0, at).toLowerCase(), line.slice(at + 1).trim()] as const;
    }),
  );
  return { status: Number(statusLine.split(' ')[1]), headers, body: JSON.parse(body) as unknown };
}

describe('the Node server', () => {
  it('limits per connection address, ignoring X-Forwarded-For when no proxy is trusted', async () => {
    const { server } = await serve('limits', { RATE_LIMITS: 'refresh=2/60' });
    try {
      const refresh = (headers: Record<string, string> = {}) =>
        fetch(`${server.url}/api/v1/auth/refresh`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', ...headers },
          body: JSON.stringify({ refreshToken: 'not-a-token' }),
        });
      expect((await refresh()).status).toBe(401);
      expect((await refresh()).status).toBe(401);
      const limited = await refresh({ 'X-Forwarded-For': '203.0.113.50' });
      expect(limited.status).toBe(429);
      expect(limited.headers.get('ratelimit-policy')).toBe('"refresh";q=2;w=60');
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
      // Another connection address (loopback 127.0.0.2) has its own count.
      const other = await new Promise<number>((resolve, reject) => {
        const sent = request(
          `${server.url}/api/v1/auth/refresh`,
          {
            method: 'POST',
            localAddress: '127.0.0.2',
            headers: { 'Content-Type': 'application/json' },
          },
          (response) => {
            response.resume();
            resolve(response.statusCode ?? 0);
          },
        );
        sent.on('error', reject);
        sent.end(JSON.stringify({ refreshToken: 'not-a-token' }));
      });
      expect(other).toBe(401);
    } finally {
      await server.close();
    }
  });

  it('creates the database folder, migrates, serves, and stops cleanly', async () => {
    const { server } = await serve('nested');
    const ready = await fetch(`${server.url}/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ok', checks: { database: 'ok', cache: 'ok' } });

    const missing = await fetch(`${server.url}/api/v1/nothing`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toBe('application/problem+json');

    await server.close();
    await expect(fetch(`${server.url}/health`)).rejects.toThrow();
  });

  it('ignores a GET body (no route reads one) and limits a POST body', async () => {
    const { server, port } = await serve('bodies');
    const pad = 'x'.repeat(65 * 1024);
    const get = parseRawResponse(
      await raw(
        port,
        `GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/plain\r\n` +
          `Content-Length: ${pad.length}\r\nConnection: close\r\n\r\n${pad}`,
      ),
    );
    expect(get.status).toBe(200);
    expect(get.body).toEqual({ status: 'ok' });
    const post = await fetch(`${server.url}/api/v1/users`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ pad }),
    });
    expect(post.status).toBe(413);
    expect(await post.json()).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
    // A chunked body declares no length: its bytes are counted as they come.
    const chunked = (body: string) =>
      raw(
        port,
        'POST /api/v1/users HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n' +
          'Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n' +
          `${Buffer.byteLength(body).toString(16)}\r\n${body}\r\n0\r\n\r\n`,
      ).then(parseRawResponse);
    const tooLong = await chunked(JSON.stringify({ pad }));
    expect(tooLong.status).toBe(413);
    expect(tooLong.body).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
    const within = await chunked(
      JSON.stringify({
        username: 'chunky',
        email: 'chunky@example.com',
        password: 'a sturdy passphrase 1',
      }),
    );
    expect(within.status).toBe(201);
    expect(within.body).toMatchObject({ username: 'chunky', email: 'chunky@example.com' });
    await server.close();
  });

  it('lets an in-flight request finish while it stops', async () => {
    const { server, port } = await serve('drain');
    const body = JSON.stringify({
      username: 'draining',
      email: 'draining@example.com',
      password: 'correct horse battery staple',
    });
    // A request whose body is still arriving when the server is told to stop.
    const req = request({
      host: '127.0.0.1',
      port,
      method: 'POST',
      path: '/api/v1/users',
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
    });
    const answered = once(req, 'response');
    const received = once(server.node, 'request');
    req.write(body.slice(0, 10));
    await received;
    const closing = server.close();
    req.end(body.slice(10));
    const [response] = (await answered) as [IncomingMessage];
    expect(response.statusCode).toBe(201);
    response.resume();
    await closing;
  });

  it.each([
    [
      'chunked',
      'Transfer-Encoding: chunked\r\n\r\n5\r\n{"use\r\n',
      'request aborted by the client',
    ],
    // Node's parser meets the end of a body shorter than declared first.
    [
      'of a declared length',
      'Content-Length: 100\r\n\r\n{"use',
      'request refused by the HTTP parser',
    ],
  ])(
    'treats a client that hangs up mid-body (%s) as a warning, never an error',
    async (framing, rest, warning) => {
      const { server, port, entries } = await serve(`aborted-${framing.replaceAll(' ', '-')}`);
      const socket = connect(port, '127.0.0.1');
      await once(socket, 'connect');
      const received = once(server.node, 'request');
      socket.write(
        'POST /api/v1/users HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n' +
          rest,
      );
      await received;
      socket.destroy();
      // The request's log line is the last thing the server writes for it.
      await vi.waitFor(
        () => {
          expect(entries().some((e) => e.msg === 'request' && e.path === '/api/v1/users')).toBe(
            true,
          );
        },
        { timeout: 5_000, interval: 5 },
      );
      await server.close();
      expect(entries().filter((e) => e.level === 'error')).toEqual([]);
      expect(entries()).toContainEqual(expect.objectContaining({ level: 'warn', msg: warning }));
      expect(entries()).toContainEqual(
        expect.objectContaining({ msg: 'request', path: '/api/v1/users', status: 400 }),
      );
    },
  );

  it.each([
    ['a malformed request line', 'NONSENSE\r\n\r\n', 400, 'INVALID_ARGUMENT'],
    [
      'headers over the limit',
      `GET /health HTTP/1.1\r\nHost: localhost\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`,
      431,
      'REQUEST_HEADERS_TOO_LARGE',
    ],
  ])(
    'answers %s with a problem document, a request id and the security headers',
    async (_, bytes, status, code) => {
      const { server, port } = await serve(`refused-${status}`);
      const response = parseRawResponse(await raw(port, bytes));
      await server.close();
      expect(response.status).toBe(status);
      expect(response.headers.get('content-type')).toBe('application/problem+json');
      expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.body).toMatchObject({ status, code });
    },
  );

  it('builds, migrates a new database, serves the docs and stops on a SIGTERM sent to the npm start process, as a process manager sends it', async () => {
    const child = spawn('npm', ['start', '--silent'], {
      cwd: ROOT,
      env: {
        ...process.env,
        PORT: '0',
        DATABASE_URL: `file:${join(folder, 'npm-start', 'app.db')}`,
        JWT_SECRET: 'npm-start-test-secret-of-32-bytes-or-more',
        LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let url = '';
    for await (const line of createInterface({ input: child.stdout })) {
      const entry = JSON.parse(line) as { msg: string; url?: string };
      if (entry.msg === 'listening' && entry.url) {
        url = entry.url;
        break;
      }
    }
    expect((await fetch(`${url}/health`)).status).toBe(200);
    // `prestart` built build/node/ from the sources: the migrations and the docs' files are
    // found from there as from src/.
    const ready = await fetch(`${url}/ready`);
    expect(await ready.json()).toEqual({ status: 'ok', checks: { database: 'ok', cache: 'ok' } });
    const asset = await fetch(`${url}/docs/swagger-ui-dist/swagger-ui.css`);
    expect(asset.status).toBe(200);
    expect((await asset.text()).length).toBeGreaterThan(1000);
    const registered = await fetch(`${url}/api/v1/users`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        username: 'npm_start',
        email: 'npm_start@example.com',
        password: 'a-long-enough-passphrase-1',
      }),
    });
    expect(registered.status).toBe(201);
    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    await exited;
    await expect(fetch(`${url}/health`)).rejects.toThrow();
  });
});
