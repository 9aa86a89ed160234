import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../../src/app.ts';
import { NotFoundError } from '../../../src/kit/errors/catalogue.ts';
import { AccountLockedError } from '../../../src/models/errors/auth.errors.ts';
import {
  problemErrorHandler,
  problemNotFoundHandler,
} from '../../../src/kit/http/error-handler.ts';
import { pickLanguage } from '../../../src/kit/http/problem.ts';
import { requestId } from '../../../src/kit/http/request-id.ts';
import { validationHook } from '../../../src/kit/http/validation.ts';
import { createLogger } from '../../../src/kit/log/logger.ts';
import { fakeAppDeps } from '../../fakes/fake-app-deps.ts';

function harness() {
  const lines: string[] = [];
  const logger = createLogger({ level: 'debug', write: (line) => lines.push(line) });
  const app = new OpenAPIHono({ defaultHook: validationHook });
  app.use(requestId());
  app.get('/locked', () => {
    throw new AccountLockedError({ retryAfterSeconds: 900 });
  });
  app.get('/boom', () => {
    throw new Error('secret internals at db.ts:42');
  });
  app.openapi(
    createRoute({
      method: 'post',
      path: '/things/{id}',
      request: {
        params: z.object({ id: z.uuid() }),
        body: {
          required: true,
          content: {
            'application/json': {
              schema: z.strictObject({ name: z.string().min(3), secret: z.string().min(12) }),
            },
          },
        },
      },
      responses: { 204: { description: 'ok' } },
    }),
    (c) => c.body(null, 204),
  );
  app.onError(problemErrorHandler(logger));
  app.notFound(problemNotFoundHandler(app));
  return { app, lines };
}

const id = '0b6f1c2e-8f3a-4c1e-9d1a-2f9f4c1d2e3f';
const post = (
  body: string,
  headers: Record<string, string> = { 'Content-Type': 'application/json' },
) => harness().app.request(`/things/${id}`, { method: 'POST', headers, body });

describe('problem documents', () => {
  it('renders a catalogue error with its status, code, headers and the request id', async () => {
    const res = await harness().app.request('/locked', { headers: { 'X-Request-Id': 'r-1' } });
    expect(res.status).toBe(423);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(res.headers.get('retry-after')).toBe('900');
    expect(await res.json()).toEqual({
      type: 'about:blank',
      title: 'Account locked',
      status: 423,
      code: 'ACCOUNT_LOCKED',
      detail: 'Too many failed log-ins; try again later.',
      instance: '/locked',
      requestId: 'r-1',
    });
  });

  it('answers an unexpected error with a 500 that names nothing internal, and logs it', async () => {
    const { app, lines } = harness();
    const res = await app.request('/boom');
    const text = await res.text();
    expect(res.status).toBe(500);
    expect(JSON.parse(text)).toMatchObject({ code: 'INTERNAL_ERROR', status: 500 });
    expect(text).not.toContain('secret');
    expect(text).not.toContain('db.ts');
    expect(lines.join('\n')).toContain('secret internals');
  });

  it('speaks Persian to a client that asks for it', () => {
    expect(pickLanguage('fa')).toBe('fa');
    expect(pickLanguage('fa-IR,fa;q=0.9,en;q=0.5')).toBe('fa');
    expect(pickLanguage('en-US,fa;q=0.5')).toBe('en');
    expect(pickLanguage('fr')).toBe('en');
    expect(pickLanguage(undefined)).toBe('en');
    expect(new NotFoundError().title.fa).toBe('یافت نشد');
  });
});

describe('the validation hook', () => {
  it('names every failed path and never echoes the submitted values', async () => {
    const res = await post(JSON.stringify({ name: 'zz', secret: 'hunter2-short', extra: 'x' }));
    const text = await res.text();
    expect(res.status).toBe(400);
    const problem = JSON.parse(text) as { code: string; errors: { path: string }[] };
    expect(problem.code).toBe('VALIDATION_ERROR');
    expect(problem.errors.map((e) => e.path).sort()).toEqual(['extra', 'name']);
    expect(text).not.toContain('hunter2');
    expect(text).not.toContain('"zz"');
  });

  it('reports a body that is not an object at the path "body"', async () => {
    const res = await post('[1,2]');
    expect(await res.json()).toMatchObject({
      code: 'VALIDATION_ERROR',
      errors: [{ path: 'body' }],
    });
  });

  it('answers a bad path parameter with INVALID_ARGUMENT', async () => {
    const res = await harness().app.request('/things/not-a-uuid', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{}',
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ code: 'INVALID_ARGUMENT' });
  });

  it('answers malformed JSON with INVALID_JSON and a non-JSON body with 415', async () => {
    expect(await (await post('{"name": ')).json()).toMatchObject({
      status: 400,
      code: 'INVALID_JSON',
    });
    const res = await post('name=x', { 'Content-Type': 'text/plain' });
    expect(res.status).toBe(415);
    expect(await res.json()).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE' });
  });
});

describe('the app', () => {
  it('answers 413 for a body over 64 KiB', async () => {
    const app = createApp(fakeAppDeps().deps);
    const res = await app.request('/health', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ pad: 'x'.repeat(65 * 1024) }),
    });
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
  });

  it('answers 413 for a DELETE or PATCH body over 64 KiB too (routes read those bodies)', async () => {
    const app = createApp(fakeAppDeps().deps);
    for (const method of ['DELETE', 'PATCH']) {
      const res = await app.request('/api/v1/users/me', {
        method,
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ pad: 'x'.repeat(65 * 1024) }),
      });
      expect(res.status).toBe(413);
      expect(await res.json()).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
    }
  });

  it('writes one JSON log line per request without the query string', async () => {
    const lines: string[] = [];
    const logger = createLogger({ level: 'info', write: (line) => lines.push(line) });
    const app = createApp(fakeAppDeps({ logger }).deps);
    await app.request('/health?token=secret-value');
    expect(lines).toHaveLength(1);
    const entry = JSON.parse(lines[0] ?? '') as Record<string, unknown>;
    expect(entry).toMatchObject({ msg: 'request', method: 'GET', path: '/health', status: 200 });
    expect(typeof entry.ms).toBe('number');
    expect(typeof entry.requestId).toBe('string');
    expect(lines[0]).not.toContain('secret-value');
  });
});
