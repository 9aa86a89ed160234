import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/configs/config.ts';
import { startServer, type RunningServer } from '../../src/server.ts';

const folder = mkdtempSync(join(tmpdir(), 'user-api-docs-'));
let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  const config = loadConfig({
    DATABASE_URL: `file:${join(folder, 'docs.db')}`,
    LOG_LEVEL: 'silent',
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
