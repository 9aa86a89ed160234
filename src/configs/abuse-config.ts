import { createMemoryRateLimiter } from '../kit/rate-limit/memory-rate-limiter.ts';
import type { RateLimiter, RateLimitPolicy } from '../kit/rate-limit/rate-limiter.port.ts';
import { resilientRateLimiter } from '../kit/rate-limit/resilient-rate-limiter.ts';
import type { Logger } from '../kit/log/logger.ts';
import {
  RATE_LIMIT_FAMILIES,
  type AbuseLimitDeps,
  type RateLimitFamily,
} from '../services/abuse-limits.ts';
import { ConfigError, type Config } from './config.ts';

const isFamily = (name: string): name is RateLimitFamily =>
  (RATE_LIMIT_FAMILIES as readonly string[]).includes(name);

/**
 * `RATE_LIMITS`' overrides (`token=20/60,register=10/60`) as policies; `on` and `off` have none.
 *
 * @throws {ConfigError} naming an unknown family.
 */
export function rateLimitOverrides(
  setting: string,
): Partial<Record<RateLimitFamily, RateLimitPolicy>> {
  if (setting === 'on' || setting === 'off') return {};
  const policies: Partial<Record<RateLimitFamily, RateLimitPolicy>> = {};
  for (const entry of setting.split(',')) {
    const [name = '', quota = ''] = entry.split('=');
    const [limit, windowSeconds] = quota.split('/').map(Number);
    if (!isFamily(name) || !limit || !windowSeconds) {
      throw new ConfigError([
        `RATE_LIMITS: ${name} is not one of ${RATE_LIMIT_FAMILIES.join(', ')}, or its limit/seconds is 0`,
      ]);
    }
    policies[name] = { name, limit, windowSeconds };
  }
  return policies;
}

/**
 * The app's abuse limits from the configuration: the runtime's limiter (in-process when it
 * brings none) wrapped so a failing one lets requests through, or none with `RATE_LIMITS=off`.
 * Where the limiter's limits are the platform's (`limitsFromPlatform`: the Workers bindings
 * declare theirs in wrangler.toml), `RATE_LIMITS`' overrides cannot apply: they are left
 * out, with a warning, so that `RateLimit-Policy` never advertises a limit nothing enforces.
 */
export function abuseLimitsFor(
  config: Config,
  logger: Logger,
  runtime: {
    readonly rateLimiter?: RateLimiter;
    readonly edge?: boolean;
    readonly connectionAddress?: (env: unknown) => string | undefined;
  },
): AbuseLimitDeps {
  const clientAddress = {
    trustProxyHops: config.TRUST_PROXY_HOPS,
    edge: runtime.edge ?? false,
    ...(runtime.connectionAddress ? { connectionAddress: runtime.connectionAddress } : {}),
  };
  if (config.RATE_LIMITS === 'off') return { clientAddress };
  const overrides = rateLimitOverrides(config.RATE_LIMITS);
  const ignored =
    runtime.rateLimiter?.limitsFromPlatform === true && Object.keys(overrides).length > 0;
  if (ignored) {
    logger.warn('RATE_LIMITS overrides ignored: the platform sets these limits', {
      overrides: config.RATE_LIMITS,
      where: 'the [[ratelimits]] bindings of wrangler.toml',
    });
  }
  return {
    limiter: resilientRateLimiter(runtime.rateLimiter ?? createMemoryRateLimiter(), logger),
    policies: ignored ? {} : overrides,
    clientAddress,
  };
}
