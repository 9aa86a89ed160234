import { z } from 'zod';
import { aesKeyBytes } from '../kit/crypto/secret-box.ts';
import { LOG_LEVELS } from '../kit/log/logger.ts';
import { RATE_LIMIT_FAMILIES } from '../services/abuse-limits.ts';

const DATABASE_URL = /^(?:file:.+|:memory:|libsql:\/\/.+|https?:\/\/.+|wss?:\/\/.+)$/;

/** `RATE_LIMITS`: on, off, or `family=limit/seconds` overrides of known families, never 0. */
const RATE_LIMIT_OVERRIDE = `(?:${RATE_LIMIT_FAMILIES.join('|')})=[1-9]\\d*\\/[1-9]\\d*`;
const RATE_LIMITS_SETTING = new RegExp(
  `^(?:on|off|${RATE_LIMIT_OVERRIDE}(?:,${RATE_LIMIT_OVERRIDE})*)$`,
);

const emptyAsUnset = (value: unknown) => (value === '' ? undefined : value);

const isAesKey = (value: string) => {
  try {
    aesKeyBytes(value);
    return true;
  } catch {
    return false;
  }
};

/** The environment the service reads, validated once at start. */
export const configSchema = z
  .object({
    APP_ENV: z.preprocess(emptyAsUnset, z.enum(['local', 'test', 'production']).default('local')),
    PORT: z.preprocess(
      emptyAsUnset,
      z.coerce
        .number({ error: 'must be a port number' })
        .int('must be a whole number')
        .min(0, 'must be between 0 (any free port) and 65535')
        .max(65_535, 'must be between 0 (any free port) and 65535')
        .default(8787),
    ),
    DATABASE_URL: z.preprocess(
      emptyAsUnset,
      z
        .string()
        .regex(DATABASE_URL, 'must be a file:, libsql://, http(s):// or ws(s):// URL, or :memory:')
        .default('file:.data/app.db'),
    ),
    DATABASE_AUTH_TOKEN: z.preprocess(emptyAsUnset, z.string().optional()),
    DATABASE_BUSY_TIMEOUT_MS: z.preprocess(
      emptyAsUnset,
      z.coerce.number().int().min(0).max(60_000).default(5_000),
    ),
    JWT_SECRET: z.preprocess(emptyAsUnset, z.string().optional()),
    PASSWORD_PEPPER: z.preprocess(
      emptyAsUnset,
      z
        .string()
        .refine(
          (value) => new TextEncoder().encode(value).length >= 32,
          'must be at least 32 bytes (openssl rand -base64 32)',
        )
        .optional(),
    ),
    MFA_ENCRYPTION_KEY: z.preprocess(
      emptyAsUnset,
      z
        .string()
        .refine(isAesKey, 'must be 32 random bytes, base64 (openssl rand -base64 32)')
        .optional(),
    ),
    LOG_LEVEL: z.preprocess(emptyAsUnset, z.enum(LOG_LEVELS).default('info')),
    ACCESS_TOKEN_TTL_SECONDS: z.preprocess(
      emptyAsUnset,
      z.coerce.number().int().min(60).max(86_400).default(900),
    ),
    REFRESH_TOKEN_TTL_SECONDS: z.preprocess(
      emptyAsUnset,
      z.coerce.number().int().min(300).max(31_536_000).default(2_592_000),
    ),
    EMAIL_API_URL: z.preprocess(emptyAsUnset, z.url({ protocol: /^https?$/ }).optional()),
    EMAIL_API_KEY: z.preprocess(emptyAsUnset, z.string().optional()),
    PUBLIC_URL: z.preprocess(
      emptyAsUnset,
      z
        .url({ protocol: /^https?$/, error: 'must be an http(s):// URL' })
        .transform((url) => url.replace(/\/+$/, ''))
        .default('http://localhost:8787'),
    ),
    OUTBOX_MAX_ATTEMPTS: z.preprocess(
      emptyAsUnset,
      z.coerce.number().int().min(1).max(100).default(8),
    ),
    OUTBOX_RETRY_BASE_SECONDS: z.preprocess(
      emptyAsUnset,
      z.coerce.number().int().min(1).max(3_600).default(30),
    ),
    OUTBOX_INTERVAL_SECONDS: z.preprocess(
      emptyAsUnset,
      z.coerce.number().int().min(1).max(3_600).default(60),
    ),
    CORS_ORIGINS: z.preprocess(
      (value) => (value === undefined ? '' : value),
      z
        .string()
        .transform((list) =>
          list
            .split(',')
            .map((origin) => origin.trim())
            .filter((origin) => origin !== ''),
        )
        .pipe(
          z.array(
            z
              .string()
              .regex(
                /^https?:\/\/[^/\s]+$/,
                'must be origins like https://app.example.com, comma-separated',
              ),
          ),
        ),
    ),
    RATE_LIMITS: z.preprocess(
      emptyAsUnset,
      z
        .string()
        .regex(
          RATE_LIMITS_SETTING,
          `must be on, off, or overrides like token=20/60,register=10/60 (families: ${RATE_LIMIT_FAMILIES.join(', ')}; limit and seconds above 0)`,
        )
        .default('on'),
    ),
    TRUST_PROXY_HOPS: z.preprocess(emptyAsUnset, z.coerce.number().int().min(0).max(10).default(0)),
    CACHE_URL: z.preprocess(
      emptyAsUnset,
      z.url({ protocol: /^rediss?$/, error: 'must be a redis:// or rediss:// URL' }).optional(),
    ),
  })
  .superRefine((config, ctx) => {
    if (config.EMAIL_API_URL !== undefined && config.EMAIL_API_KEY === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['EMAIL_API_KEY'],
        message: 'must be set with EMAIL_API_URL',
      });
    }
    if (config.APP_ENV !== 'production') return;
    const bytes = new TextEncoder().encode(config.JWT_SECRET ?? '').length;
    if (bytes < 32) {
      ctx.addIssue({
        code: 'custom',
        path: ['JWT_SECRET'],
        message: 'must be set to at least 32 bytes when APP_ENV=production',
      });
    }
    if (config.PASSWORD_PEPPER === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['PASSWORD_PEPPER'],
        message: 'must be set when APP_ENV=production (openssl rand -base64 32)',
      });
    }
    if (config.MFA_ENCRYPTION_KEY === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['MFA_ENCRYPTION_KEY'],
        message: 'must be set when APP_ENV=production (openssl rand -base64 32)',
      });
    }
  });

export type Config = z.infer<typeof configSchema>;

/** A configuration problem, worded as one line for the operator: no stack trace. */
export class ConfigError extends Error {
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(`Invalid configuration: ${problems.join('; ')}`);
    this.problems = problems;
    this.name = 'ConfigError';
  }
}

/**
 * Reads the configuration from an environment (Node's `process.env` or a Worker's `env`).
 *
 * @throws {ConfigError} naming each bad variable and what is wrong with it.
 * @example
 * const config = loadConfig(process.env);
 */
export function loadConfig(env: Readonly<Record<string, unknown>>): Config {
  const result = configSchema.safeParse(env);
  if (result.success) return result.data;
  throw new ConfigError(
    result.error.issues.map((issue) => {
      const name = issue.path.join('.');
      return issue.code === 'invalid_value'
        ? `${name}: must be one of ${issue.values.join(', ')}`
        : `${name}: ${issue.message}`;
    }),
  );
}
