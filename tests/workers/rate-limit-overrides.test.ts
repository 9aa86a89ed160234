import { env } from 'cloudflare:test';
import { afterEach, describe, expect, it, vi } from 'vitest';
import worker from '../../src/worker.ts';

/*
 * A Worker's limits are its `[[ratelimits]]` bindings' (wrangler.toml): `RATE_LIMITS`
 * overrides cannot change them, so the Worker leaves them out and says so, and its answers
 * advertise the limit the binding enforces. This file's isolate composes its own Worker.
 */

afterEach(() => {
  vi.restoreAllMocks();
});

describe('a Worker started with RATE_LIMITS overrides', () => {
  it('answers with the binding’s limit, not the override, and logs one warning', async () => {
    const lines: string[] = [];
    vi.spyOn(console, 'log').mockImplementation((line: unknown) => {
      lines.push(String(line));
    });
    const overridden = { ...env, RATE_LIMITS: 'token=2/60' };
    const logIn = () =>
      worker.fetch(
        new Request('http://worker.test/api/v1/auth/token', {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'CF-Connecting-IP': '192.0.2.44' },
          body: JSON.stringify({ login: 'nobody_here', password: 'not the password 1' }),
        }),
        overridden,
        {},
      );
    const answers = [await logIn(), await logIn(), await logIn()];
    // Three tries pass where the override would have refused the third: the binding's 20 hold.
    expect(answers.map((r) => r.status)).toEqual([401, 401, 401]);
    for (const answer of answers) {
      expect(answer.headers.get('RateLimit-Policy')).toBe('"token";q=20;w=60');
      expect((await answer.json<{ code: string }>()).code).toBe('INVALID_CREDENTIALS');
    }
    // Once, at composition: not per request.
    const warnings = lines
      .map((line) => JSON.parse(line) as { level: string; msg: string; overrides?: string })
      .filter((entry) => entry.level === 'warn' && entry.msg.startsWith('RATE_LIMITS'));
    expect(warnings).toEqual([
      expect.objectContaining({
        msg: 'RATE_LIMITS overrides ignored: the platform sets these limits',
        overrides: 'token=2/60',
      }),
    ]);
  });
});
