import { createClient } from '@libsql/client/web';
import {
  createExecutionContext,
  createScheduledController,
  env,
  waitOnExecutionContext,
} from 'cloudflare:test';
import worker from '../../src/worker.ts';
import { exports } from 'cloudflare:workers';
import { describe, expect, inject, it } from 'vitest';

interface UserOutput {
  id: string;
  username: string;
}

const call = (path: string, init: RequestInit = {}) =>
  exports.default.fetch(new Request(`http://worker.test${path}`, init));

const json = (body: unknown, headers: Record<string, string> = {}) => ({
  headers: { 'Content-Type': 'application/json', ...headers },
  body: JSON.stringify(body),
});

describe('the Worker in workerd (libSQL over HTTP, KV from Miniflare)', () => {
  it('registers, logs in, reads through KV, and reads fresh after a change', async () => {
    const registered = await call('/api/v1/users', {
      method: 'POST',
      ...json({
        username: 'edge_ada',
        email: 'edge@example.com',
        password: 'a sturdy passphrase 1',
      }),
    });
    expect(registered.status).toBe(201);
    const user = await registered.json<UserOutput>();

    const login = await call('/api/v1/auth/token', {
      method: 'POST',
      ...json({ login: 'edge_ada', password: 'a sturdy passphrase 1' }),
    });
    expect(login.status).toBe(200);
    const { accessToken } = await login.json<{ accessToken: string }>();
    const auth = { Authorization: `Bearer ${accessToken}` };

    const first = await call(`/api/v1/users/${user.id}`, { headers: auth });
    expect(first.status).toBe(200);
    expect((await first.json<UserOutput>()).username).toBe('edge_ada');

    // A read filled KV. Change the row behind the Worker's back: the next read still shows
    // the cached user, so it was answered from KV, not from the database.
    const key = `user:v4:${user.id}`;
    expect(await env.CACHE.get<UserOutput>(key, 'json')).toMatchObject({ username: 'edge_ada' });
    const database = createClient({ url: inject('libsqlUrl') });
    await database.execute({
      sql: "update users set username = 'changed_in_db' where id = ?",
      args: [user.id],
    });
    database.close();
    const second = await call(`/api/v1/users/${user.id}`, { headers: auth });
    expect((await second.json<UserOutput>()).username).toBe('edge_ada');

    const patched = await call(`/api/v1/users/${user.id}`, {
      method: 'PATCH',
      ...json({ username: 'edge_ada2' }, auth),
    });
    expect(patched.status).toBe(200);
    expect(await env.CACHE.get(key)).toBeNull();
    const fresh = await call(`/api/v1/users/${user.id}`, { headers: auth });
    expect((await fresh.json<UserOutput>()).username).toBe('edge_ada2');
  });

  it('answers the contract’s problems and the service endpoints', async () => {
    const ready = await call('/ready');
    expect(await ready.json()).toEqual({ status: 'ok', checks: { database: 'ok', cache: 'ok' } });
    const missing = await call('/nowhere');
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toBe('application/problem+json');
    const anonymous = await call('/api/v1/users/me');
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toMatch(/^Bearer/);
  });

  it('refuses a duplicate username over HTTP libSQL as the same 409', async () => {
    const body = {
      username: 'dup_user',
      email: 'dup1@example.com',
      password: 'a sturdy passphrase 1',
    };
    expect((await call('/api/v1/users', { method: 'POST', ...json(body) })).status).toBe(201);
    const again = await call('/api/v1/users', {
      method: 'POST',
      ...json({ ...body, username: 'DUP_USER', email: 'dup2@example.com' }),
    });
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({
      code: 'USER_ALREADY_EXISTS',
      errors: [{ path: 'username' }],
    });
  });

  it('serves /docs and its swagger-ui files from the assets binding, nothing else of it', async () => {
    const page = await call('/docs');
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('/docs/swagger-ui-dist/swagger-ui-bundle.js');
    const bundle = await call('/docs/swagger-ui-dist/swagger-ui-bundle.js');
    expect(bundle.status).toBe(200);
    expect(bundle.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await bundle.text()).toContain('SwaggerUIBundle');
    // The assets folder is node_modules/swagger-ui-dist: the Worker runs first, so none of
    // its other files is served at the root.
    expect((await call('/index.html')).status).toBe(404);
    expect((await call('/package.json')).status).toBe(404);
  });

  it('sends what the outbox still holds when the Cron Trigger fires', async () => {
    const database = createClient({ url: inject('libsqlUrl') });
    const now = Date.now();
    await database.execute({
      sql: `insert into email_outbox (id, to_address, subject, body_text, created_at, attempts, next_attempt_at)
            values ('cron-mail', 'cron@example.com', 'Left over', 'text', ?, 1, ?)`,
      args: [now, now],
    });
    const ctx = createExecutionContext();
    worker.scheduled(createScheduledController({ cron: '*/5 * * * *' }), env as never, ctx);
    await waitOnExecutionContext(ctx);
    const rows = await database.execute("select sent_at from email_outbox where id = 'cron-mail'");
    database.close();
    expect(rows.rows).toHaveLength(1);
    expect(rows.rows[0]?.sent_at).not.toBeNull();
    expect(typeof rows.rows[0]?.sent_at).toBe('number');
  });
});
