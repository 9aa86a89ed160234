import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import worker from '../../src/worker.ts';

describe('a Worker that cannot start', () => {
  it('answers the catalogue’s 503 problem, from the same renderer as every other problem', async () => {
    // A file: URL cannot work in a Worker: composing the app fails on the first request.
    const misconfigured = { CACHE: env.CACHE, APP_ENV: 'test', DATABASE_URL: 'file:nope.db' };
    const res = await worker.fetch(
      new Request('http://worker.test/api/v1/users/me', { headers: { 'Accept-Language': 'fa' } }),
      misconfigured,
      {},
    );
    expect(res.status).toBe(503);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    const problem = await res.json<Record<string, unknown>>();
    expect(problem).toEqual({
      type: 'about:blank',
      title: 'سرویس در دسترس نیست',
      status: 503,
      code: 'SERVICE_UNAVAILABLE',
      detail: 'سرویس پیکربندی نشده است.',
      instance: '/api/v1/users/me',
      requestId: res.headers.get('x-request-id'),
    });
  });
});
