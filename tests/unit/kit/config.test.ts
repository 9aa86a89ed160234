import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../src/configs/config.ts';

describe('loadConfig', () => {
  it('fills the defaults of a local run', () => {
    expect(loadConfig({})).toEqual({
      APP_ENV: 'local',
      PORT: 8787,
      DATABASE_URL: 'file:.data/app.db',
      DATABASE_BUSY_TIMEOUT_MS: 5_000,
      LOG_LEVEL: 'info',
      ACCESS_TOKEN_TTL_SECONDS: 900,
      REFRESH_TOKEN_TTL_SECONDS: 2_592_000,
      CORS_ORIGINS: [],
      RATE_LIMITS: 'on',
      TRUST_PROXY_HOPS: 0,
      PUBLIC_URL: 'http://localhost:8787',
      OUTBOX_MAX_ATTEMPTS: 8,
      OUTBOX_RETRY_BASE_SECONDS: 30,
      OUTBOX_INTERVAL_SECONDS: 60,
    });
  });

  it('reads PUBLIC_URL without its trailing slash, and refuses what is not an http(s) URL', () => {
    expect(loadConfig({ PUBLIC_URL: 'https://app.example.com/' }).PUBLIC_URL).toBe(
      'https://app.example.com',
    );
    expect(() => loadConfig({ PUBLIC_URL: 'ftp://x' })).toThrow(/PUBLIC_URL/);
  });

  it('reads CORS_ORIGINS as a comma-separated list and CACHE_URL as a Redis URL', () => {
    const config = loadConfig({
      CORS_ORIGINS: ' https://app.example.com, http://localhost:5173 ,',
      CACHE_URL: 'redis://127.0.0.1:6379/0',
    });
    expect(config.CORS_ORIGINS).toEqual(['https://app.example.com', 'http://localhost:5173']);
    expect(config.CACHE_URL).toBe('redis://127.0.0.1:6379/0');
  });

  it('reads every variable', () => {
    const config = loadConfig({
      APP_ENV: 'production',
      PORT: '9000',
      DATABASE_URL: 'libsql://db.example.turso.io',
      DATABASE_AUTH_TOKEN: 'token',
      JWT_SECRET: 'x'.repeat(32),
      MFA_ENCRYPTION_KEY: btoa('k'.repeat(32)),
      PASSWORD_PEPPER: 'p'.repeat(32),
      RATE_LIMITS: 'token=5/60',
      TRUST_PROXY_HOPS: '2',
      LOG_LEVEL: 'warn',
    });
    expect(config).toMatchObject({
      APP_ENV: 'production',
      PORT: 9000,
      LOG_LEVEL: 'warn',
      RATE_LIMITS: 'token=5/60',
      TRUST_PROXY_HOPS: 2,
    });
  });

  it.each([
    [{ DATABASE_URL: 'nonsense' }, 'DATABASE_URL: must be a file:, libsql://'],
    [{ PORT: 'eighty' }, 'PORT: must be a port number'],
    [{ PORT: '70000' }, 'PORT: must be between 0 (any free port) and 65535'],
    [{ APP_ENV: 'staging' }, 'APP_ENV: must be one of local, test, production'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL: must be one of'],
    [{ CORS_ORIGINS: 'https://app.example.com/path' }, 'CORS_ORIGINS.0: must be origins'],
    [{ CORS_ORIGINS: '*' }, 'CORS_ORIGINS.0: must be origins'],
    [{ CACHE_URL: 'http://127.0.0.1:6379' }, 'CACHE_URL: must be a redis:// or rediss:// URL'],
    [{ APP_ENV: 'production' }, 'JWT_SECRET: must be set to at least 32 bytes'],
    [
      { APP_ENV: 'production', JWT_SECRET: 'x'.repeat(32) },
      'MFA_ENCRYPTION_KEY: must be set when APP_ENV=production',
    ],
    [
      { APP_ENV: 'production', JWT_SECRET: 'x'.repeat(32) },
      'PASSWORD_PEPPER: must be set when APP_ENV=production',
    ],
    [{ PASSWORD_PEPPER: 'short' }, 'PASSWORD_PEPPER: must be at least 32 bytes'],
    [
      { MFA_ENCRYPTION_KEY: btoa('sixteen bytes!!!') },
      'MFA_ENCRYPTION_KEY: must be 32 random bytes',
    ],
    [{ TRUST_PROXY_HOPS: '-1' }, 'TRUST_PROXY_HOPS'],
    [
      { APP_ENV: 'production', JWT_SECRET: 'short' },
      'JWT_SECRET: must be set to at least 32 bytes',
    ],
  ])('rejects %j with one line naming the variable', (env, expected) => {
    let error: unknown;
    try {
      loadConfig(env);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toContain(expected);
    expect(message).not.toContain('\n');
  });

  it('never prints a secret it rejects', () => {
    expect(() => loadConfig({ APP_ENV: 'production', JWT_SECRET: 'my-short-secret' })).toThrow(
      expect.objectContaining({
        message: expect.not.stringContaining('my-short-secret') as string,
      }) as Error,
    );
  });
});
