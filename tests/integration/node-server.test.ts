import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/configs/config.ts';
import { startServer } from '../../src/server.ts';

const folder = mkdtempSync(join(tmpdir(), 'user-api-server-'));
afterAll(() => {
  rmSync(folder, { recursive: true, force: true });
});

describe('the Node server', () => {
  it('creates the database folder, migrates, serves, and stops cleanly', async () => {
    const config = loadConfig({
      PORT: '0',
      DATABASE_URL: `file:${join(folder, 'nested', 'app.db')}`,
      LOG_LEVEL: 'silent',
    });
    const server = await startServer({ ...config, PORT: 0 });
    const ready = await fetch(`${server.url}/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ok', checks: { database: 'ok', cache: 'ok' } });

    const missing = await fetch(`${server.url}/api/v1/nothing`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toBe('application/problem+json');

    await server.close();
    await expect(fetch(`${server.url}/health`)).rejects.toThrow();
  });

  it('lets an in-flight request finish while it stops', async () => {
    const config = loadConfig({
      DATABASE_URL: `file:${join(folder, 'drain.db')}`,
      LOG_LEVEL: 'silent',
    });
    const server = await startServer({ ...config, PORT: 0 });
    const inFlight = fetch(`${server.url}/ready`);
    await new Promise((resolve) => setTimeout(resolve, 5));
    const closing = server.close();
    const response = await inFlight;
    expect(response.status).toBe(200);
    await closing;
  });
});
