import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/configs/config.ts';
import { openDatabase } from '../../src/db/client.ts';
import { createLogger } from '../../src/kit/log/logger.ts';
import { startServer } from '../../src/server.ts';

/*
 * Email delivery through the real Node server: the local log line a developer follows,
 * and the outbox draining once a (loopback) provider that was down comes back.
 */

const folder = mkdtempSync(join(tmpdir(), 'user-api-email-'));
afterAll(() => {
  rmSync(folder, { recursive: true, force: true });
});

const json = { 'Content-Type': 'application/json' };

/** Registers ada through the API of the server at `base`. */
const registerAda = (base: string) =>
  fetch(`${base}/api/v1/users`, {
    method: 'POST',
    headers: json,
    body: JSON.stringify({
      username: 'ada',
      email: 'ada@example.com',
      password: 'a sturdy passphrase 1',
    }),
  });

async function serve(name: string, env: Record<string, string> = {}) {
  const lines: string[] = [];
  const url = `file:${join(folder, name, 'app.db')}`;
  const config = loadConfig({
    DATABASE_URL: url,
    JWT_SECRET: 'email-delivery-test-secret-of-32-bytes!!',
    PUBLIC_URL: 'https://app.example.test/',
    ...env,
  });
  const logger = createLogger({ level: 'info', write: (line) => lines.push(line) });
  const server = await startServer({ ...config, PORT: 0 }, '127.0.0.1', logger);
  const entries = () => lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  return { server, url, entries, base: server.url };
}

/** Polls `probe` until it returns something, for at most five seconds. */
async function eventually<T>(probe: () => T | undefined | Promise<T | undefined>): Promise<T> {
  for (let waited = 0; waited < 5_000; waited += 25) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error('gave up waiting');
}

describe('email delivery on Node', () => {
  it('locally, writes the email as one JSON log line whose link verifies the address', async () => {
    const { server, entries, base } = await serve('local');
    try {
      const registered = await registerAda(base);
      expect(registered.status).toBe(201);
      const line = await eventually(() => entries().find((entry) => entry.msg === 'email'));
      expect(line).toMatchObject({ level: 'info', to: 'ada@example.com' });
      const token = /^https:\/\/app\.example\.test\/verify-email\?token=([A-Za-z0-9_-]{43})$/m.exec(
        String(line.text),
      )?.[1];
      expect(token).toBeDefined();
      const verified = await fetch(`${base}/api/v1/auth/verify-email`, {
        method: 'POST',
        headers: json,
        body: JSON.stringify({ token }),
      });
      expect(verified.status).toBe(200);
      expect(await verified.json()).toMatchObject({ username: 'ada', emailVerified: true });
    } finally {
      await server.close();
    }
  });

  it('in production, never writes the text of an email (its token) to the log', async () => {
    const { server, entries, base } = await serve('production', {
      APP_ENV: 'production',
      MFA_ENCRYPTION_KEY: btoa('k'.repeat(32)),
      PASSWORD_PEPPER: 'p'.repeat(32),
    });
    try {
      await registerAda(base);
      await eventually(() => entries().find((entry) => entry.msg?.toString().startsWith('email')));
      expect(JSON.stringify(entries())).not.toContain('token=');
    } finally {
      await server.close();
    }
  });

  it('answers 201 while the provider is down, and sends the email once it is back', async () => {
    let up = false;
    const accepted: unknown[] = [];
    const provider: Server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        if (up) accepted.push(JSON.parse(Buffer.concat(chunks).toString()));
        response.writeHead(up ? 202 : 503).end();
      });
    });
    await new Promise<void>((resolve) => provider.listen(0, '127.0.0.1', resolve));
    const { port } = provider.address() as AddressInfo;
    const { server, url, entries, base } = await serve('outage', {
      EMAIL_API_URL: `http://127.0.0.1:${port}/send`,
      EMAIL_API_KEY: 'test-key',
      OUTBOX_RETRY_BASE_SECONDS: '1',
      OUTBOX_INTERVAL_SECONDS: '1',
    });
    try {
      const registered = await registerAda(base);
      expect(registered.status).toBe(201);
      await eventually(() => entries().find((e) => e.msg === 'email send failed: will retry'));
      up = true;
      await eventually(() => (accepted.length > 0 ? true : undefined));
      const { client } = openDatabase({ url });
      try {
        const sent = await eventually(async () => {
          const rows = await client.execute('select sent_at from email_outbox');
          return rows.rows.every((row) => row.sent_at !== null) ? rows.rows : undefined;
        });
        // One row, sent: nothing left pending, no duplicate.
        expect(sent).toHaveLength(1);
      } finally {
        client.close();
      }
      expect(accepted).toMatchObject([
        { to: 'ada@example.com', subject: 'Welcome: verify your email' },
      ]);
    } finally {
      await server.close();
      await new Promise((resolve) => provider.close(resolve));
    }
  });
});
