import { describe, expect, it } from 'vitest';
import { InvalidTokenError, ServiceUnavailableError } from '../../../src/kit/errors/catalogue.ts';
import { problemHeaders, problemResponseFor } from '../../../src/kit/http/problem.ts';
import { AccountLockedError } from '../../../src/models/errors/auth.errors.ts';
import { UserAlreadyExistsError } from '../../../src/models/errors/user.errors.ts';

describe('errors carry data; the problem renderer makes headers of it', () => {
  it('keeps the class, code and own fields when a bearer challenge is added', () => {
    const original = new UserAlreadyExistsError('email');
    const challenged = original.withBearerChallenge({ error: 'invalid_token' });
    expect(challenged).toBeInstanceOf(UserAlreadyExistsError);
    expect(challenged.field).toBe('email');
    expect(challenged.name).toBe('UserAlreadyExistsError');
    expect(challenged.message).toBe(original.message);
    expect(challenged.stack).toBe(original.stack);
    expect(challenged.bearerChallenge).toEqual({ error: 'invalid_token' });
    expect(original.bearerChallenge).toBeUndefined();
  });

  it('renders retryAfterSeconds as Retry-After, in whole seconds', () => {
    const headers = problemHeaders(new AccountLockedError({ retryAfterSeconds: 899.2 }));
    expect(headers.get('retry-after')).toBe('900');
    expect(headers.get('www-authenticate')).toBeNull();
  });

  it('renders a bearer challenge as WWW-Authenticate', () => {
    expect(
      problemHeaders(new InvalidTokenError({ bearerChallenge: { error: 'invalid_token' } })).get(
        'www-authenticate',
      ),
    ).toBe('Bearer realm="api", error="invalid_token"');
    expect(
      problemHeaders(new InvalidTokenError({ bearerChallenge: {} })).get('www-authenticate'),
    ).toBe('Bearer realm="api"');
  });

  it('renders a problem for a bare request, as a Worker that could not start answers', async () => {
    const res = problemResponseFor(
      new Request('http://127.0.0.1/api/v1/users?x=1', { headers: { 'Accept-Language': 'fa' } }),
      new ServiceUnavailableError({ retryAfterSeconds: 30 }),
      'req-1',
    );
    expect(res.status).toBe(503);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(res.headers.get('retry-after')).toBe('30');
    expect(res.headers.get('x-request-id')).toBe('req-1');
    expect(await res.json()).toEqual({
      type: 'about:blank',
      title: 'سرویس در دسترس نیست',
      status: 503,
      code: 'SERVICE_UNAVAILABLE',
      detail: 'یکی از وابستگی‌های سرویس پاسخ نمی‌دهد.',
      instance: '/api/v1/users',
      requestId: 'req-1',
    });
  });
});
