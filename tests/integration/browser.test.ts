import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/configs/config.ts';
import { startServer, type RunningServer } from '../../src/server.ts';

const folder = mkdtempSync(join(tmpdir(), 'user-api-docs-'));
let server: RunningServer;
let browser: Browser;
/** A browser app's page, on its own loopback origin (a private-network fetch needs one). */
let appServer: Server;
let appPort: number;

beforeAll(async () => {
  appServer = createServer((_, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html' }).end('<!doctype html><title>app</title>');
  });
  appServer.listen(0, '127.0.0.1');
  await once(appServer, 'listening');
  appPort = (appServer.address() as AddressInfo).port;
  const config = loadConfig({
    DATABASE_URL: `file:${join(folder, 'docs.db')}`,
    LOG_LEVEL: 'silent',
    // The app's origin names the host "localhost"; the same port on 127.0.0.1 is another,
    // unlisted origin.
    CORS_ORIGINS: `http://localhost:${appPort}`,
  });
  server = await startServer({ ...config, PORT: 0 });
  // Debian's chromium (`.ci/run` installs it); playwright-core downloads no browser.
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}, 60_000);

afterAll(async () => {
  await browser.close();
  await server.close();
  appServer.close();
  rmSync(folder, { recursive: true, force: true });
});

describe('/docs in a real browser', () => {
  it('lists the operations, with every file from this service', { timeout: 60_000 }, async () => {
    const page = await browser.newPage();
    const elsewhere: string[] = [];
    // Anything not from this service is refused, as it would be without internet.
    await page.route('**/*', async (route) => {
      const url = route.request().url();
      if (url.startsWith(server.url)) return route.continue();
      elsewhere.push(url);
      return route.abort();
    });
    await page.goto(`${server.url}/docs`);
    const operations = page.locator('.opblock-summary-path');
    await operations.first().waitFor();
    const paths = await operations.allTextContents();
    expect(paths.map((path) => path.replace(/\u200b/g, ''))).toEqual(
      expect.arrayContaining([
        '/api/v1/users',
        '/api/v1/users/me',
        '/api/v1/auth/token',
        '/health',
      ]),
    );
    expect(await page.locator('.opblock').count()).toBeGreaterThanOrEqual(11);
    expect(elsewhere).toEqual([]);
    await page.close();
  });
});

describe('a browser app on another origin', () => {
  const appPage = async (origin: string) => {
    const page = await browser.newPage();
    await page.goto(`${origin}/`);
    return page;
  };
  // What the app's script sees: the status and exposed headers, or a CORS failure.
  const register = (url: string) =>
    fetch(`${url}/api/v1/users`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Request-Id': 'from-the-app' },
      body: JSON.stringify({
        username: 'browser_ada',
        email: 'browser@example.com',
        password: 'a sturdy passphrase 1',
      }),
    }).then(
      (res) => ({
        status: res.status,
        requestId: res.headers.get('x-request-id'),
        location: res.headers.get('location'),
      }),
      (error: unknown) => ({ error: String(error) }),
    );

  it(
    'calls the API when its origin is listed (preflight, then the request)',
    { timeout: 60_000 },
    async () => {
      const page = await appPage(`http://localhost:${appPort}`);
      const result = await page.evaluate(register, server.url);
      expect(result).toMatchObject({ status: 201, requestId: 'from-the-app' });
      expect((result as { location: string }).location).toMatch(/^\/api\/v1\/users\//);
      await page.close();
    },
  );

  it('is refused by the browser when its origin is not listed', { timeout: 60_000 }, async () => {
    const page = await appPage(`http://127.0.0.1:${appPort}`);
    const result = await page.evaluate(register, server.url);
    expect(result).toMatchObject({ error: expect.stringContaining('Failed to fetch') as string });
    await page.close();
  });
});
