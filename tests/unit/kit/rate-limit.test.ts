import { describe, expect, it } from 'vitest';
import { addressBlock, clientAddress } from '../../../src/kit/http/client-address.ts';
import { createMemoryRateLimiter } from '../../../src/kit/rate-limit/memory-rate-limiter.ts';
import { resilientRateLimiter } from '../../../src/kit/rate-limit/resilient-rate-limiter.ts';
import { createLogger } from '../../../src/kit/log/logger.ts';
import { rateLimitOverrides } from '../../../src/configs/abuse-config.ts';
import { loadConfig } from '../../../src/configs/config.ts';
import { createApp } from '../../../src/app.ts';
import { abuseLimitsFor } from '../../../src/configs/abuse-config.ts';
import { fakeAppDeps } from '../../fakes/fake-app-deps.ts';

const policy = { name: 'token', limit: 3, windowSeconds: 60 };

describe('clientAddress', () => {
  const none = { connection: undefined, forwardedFor: undefined, cfConnectingIp: undefined };
  const direct = { trustProxyHops: 0, edge: false };

  it('is the connection address, and ignores X-Forwarded-For when no proxy is trusted', () => {
    expect(
      clientAddress({ ...none, connection: '127.0.0.1', forwardedFor: '192.0.2.1' }, direct),
    ).toBe('127.0.0.1');
  });

  it('takes the N-th address from the right with TRUST_PROXY_HOPS=N', () => {
    const forwardedFor = '192.0.2.1, 198.51.100.2 ,203.0.113.3';
    expect(clientAddress({ ...none, forwardedFor }, { trustProxyHops: 1, edge: false })).toBe(
      '203.0.113.3',
    );
    expect(clientAddress({ ...none, forwardedFor }, { trustProxyHops: 2, edge: false })).toBe(
      '198.51.100.2',
    );
    // Fewer hops than trusted: the leftmost, the farthest the chain goes.
    expect(clientAddress({ ...none, forwardedFor }, { trustProxyHops: 5, edge: false })).toBe(
      '192.0.2.1',
    );
  });

  it('is CF-Connecting-IP at the edge, and only there', () => {
    const sources = { ...none, cfConnectingIp: '198.51.100.9' };
    expect(clientAddress(sources, { trustProxyHops: 0, edge: true })).toBe('198.51.100.9');
    expect(clientAddress(sources, direct)).toBe('unknown');
  });
});

describe('addressBlock', () => {
  it.each([
    ['2001:db8:1:2::1', '2001:db8:1:2::/64'],
    ['2001:db8:1:2:aaaa:bbbb:cccc:dddd', '2001:db8:1:2::/64'],
    ['2001:0DB8:0001:0002:0000:0000:0000:0009', '2001:db8:1:2::/64'],
    ['2001:db8::1', '2001:db8:0:0::/64'],
    ['fe80::1%eth0', 'fe80:0:0:0::/64'],
    ['::1', '0:0:0:0::/64'],
    ['::ffff:192.0.2.1', '192.0.2.1'],
    ['::ffff:c000:201', '192.0.2.1'],
    ['64:ff9b::198.51.100.7', '64:ff9b:0:0::/64'],
  ])('counts the IPv6 address %s as %s', (address, block) => {
    expect(addressBlock(address)).toBe(block);
  });

  it.each([
    '192.0.2.1',
    'unknown',
    '2001:db8::1::2',
    '2001:db8:1:2:3:4:5',
    '2001:db8::zz',
    '::ffff:1.2.3',
  ])('leaves %s as it is', (address) => {
    expect(addressBlock(address)).toBe(address);
  });
});

describe('the in-process rate limiter', () => {
  it('allows the limit per window and key, then refuses until the window resets', async () => {
    let now = 0;
    const limiter = createMemoryRateLimiter({ now: () => now });
    const hits = [];
    for (let i = 0; i < 4; i++) hits.push(await limiter.hit('192.0.2.1', policy));
    expect(hits.map((hit) => hit.allowed)).toEqual([true, true, true, false]);
    expect(hits[2]).toMatchObject({ remaining: 0, resetSeconds: 60 });
    expect((await limiter.hit('192.0.2.2', policy)).allowed).toBe(true);
    now = 59_000;
    expect(await limiter.hit('192.0.2.1', policy)).toMatchObject({
      allowed: false,
      resetSeconds: 1,
    });
    now = 60_000;
    expect((await limiter.hit('192.0.2.1', policy)).allowed).toBe(true);
  });

  it('keeps at most maxKeys windows', async () => {
    const limiter = createMemoryRateLimiter({ maxKeys: 2 });
    for (let i = 0; i < 3; i++) await limiter.hit(`192.0.2.${i}`, policy);
    // The oldest window was dropped: its key starts afresh.
    for (let i = 0; i < 3; i++) expect((await limiter.hit('192.0.2.0', policy)).allowed).toBe(true);
  });

  it('lets requests through, logged, when the backend fails', async () => {
    const lines: string[] = [];
    const logger = createLogger({ level: 'debug', write: (line) => lines.push(line) });
    const failing = resilientRateLimiter(
      { hit: () => Promise.reject(new Error('redis is down')) },
      logger,
    );
    expect((await failing.hit('192.0.2.1', policy)).allowed).toBe(true);
    expect(lines.join('\n')).toContain('rate limiter failure, request let through');
  });
});

describe('RATE_LIMITS', () => {
  it('takes per-family overrides and refuses unknown families', () => {
    expect(rateLimitOverrides('token=5/10')).toEqual({
      token: { name: 'token', limit: 5, windowSeconds: 10 },
    });
    expect(() => rateLimitOverrides('tokens=5/10')).toThrow(/RATE_LIMITS/);
    expect(() => loadConfig({ RATE_LIMITS: 'lots' })).toThrow(/RATE_LIMITS/);
  });

  it('refuses an unknown family or a zero limit when the configuration loads, before anything opens', () => {
    expect(() => loadConfig({ RATE_LIMITS: 'tokens=5/10' })).toThrow(/RATE_LIMITS/);
    expect(() => loadConfig({ RATE_LIMITS: 'token=0/60' })).toThrow(/RATE_LIMITS/);
    expect(() => loadConfig({ RATE_LIMITS: 'token=5/0' })).toThrow(/RATE_LIMITS/);
    expect(loadConfig({ RATE_LIMITS: 'token=5/60,verify-email=3/60' }).RATE_LIMITS).toBe(
      'token=5/60,verify-email=3/60',
    );
  });

  const burst = async (setting: string, addresses = Array<string>(4).fill('203.0.113.5')) => {
    const { deps } = fakeAppDeps();
    const config = loadConfig({ RATE_LIMITS: setting, TRUST_PROXY_HOPS: '1' });
    const app = createApp({ ...deps, abuse: abuseLimitsFor(config, deps.logger, {}) });
    const statuses: number[] = [];
    for (const address of addresses) {
      const response = await app.request('/api/v1/auth/refresh', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Forwarded-For': address },
        body: JSON.stringify({ refreshToken: 'x' }),
      });
      statuses.push(response.status);
    }
    return statuses;
  };

  it('applies an override, and off turns every limit off', async () => {
    expect(await burst('refresh=2/60')).toEqual([401, 401, 429, 429]);
    expect(await burst('off')).toEqual([401, 401, 401, 401]);
  });

  it('leaves the overrides out, with a warning, where the platform sets the limits', async () => {
    const policyOf = async (limitsFromPlatform: boolean) => {
      const lines: string[] = [];
      const logger = createLogger({ level: 'warn', write: (line) => lines.push(line) });
      const { deps } = fakeAppDeps();
      const config = loadConfig({ RATE_LIMITS: 'refresh=2/60', TRUST_PROXY_HOPS: '1' });
      const abuse = abuseLimitsFor(config, logger, {
        rateLimiter: { ...createMemoryRateLimiter(), limitsFromPlatform },
      });
      const response = await createApp({ ...deps, abuse }).request('/api/v1/auth/refresh', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Forwarded-For': '203.0.113.9' },
        body: JSON.stringify({ refreshToken: 'x' }),
      });
      return { policy: response.headers.get('RateLimit-Policy'), lines };
    };
    // The Workers bindings enforce wrangler.toml's limits, the defaults: the header says so.
    const platform = await policyOf(true);
    expect(platform.policy).toBe('"refresh";q=30;w=60');
    expect(platform.lines).toHaveLength(1);
    expect(JSON.parse(platform.lines[0] ?? '{}')).toMatchObject({
      level: 'warn',
      msg: 'RATE_LIMITS overrides ignored: the platform sets these limits',
      overrides: 'refresh=2/60',
    });
    const own = await policyOf(false);
    expect(own.policy).toBe('"refresh";q=2;w=60');
    expect(own.lines).toEqual([]);
  });

  it('counts the addresses of one IPv6 /64 together, and another /64 apart', async () => {
    const addresses = [
      '2001:db8:1:2::1',
      '2001:db8:1:2::abcd',
      '2001:db8:1:2:ffff::7',
      '2001:db8:1:3::1',
    ];
    expect(await burst('refresh=2/60', addresses)).toEqual([401, 401, 429, 401]);
  });
});
