import type { Context, MiddlewareHandler } from 'hono';
import { addressBlock, clientAddress, type AddressTrust } from '../kit/http/client-address.ts';
import { rateLimit, type RateLimitRule } from '../kit/http/rate-limit.ts';
import type { RateLimiter, RateLimitPolicy } from '../kit/rate-limit/rate-limiter.port.ts';

/** The limited route families (the contract's Abuse limits), by policy name. */
export const RATE_LIMIT_FAMILIES = [
  'token',
  'refresh',
  'password-reset',
  'register',
  'verify-email',
] as const;
export type RateLimitFamily = (typeof RATE_LIMIT_FAMILIES)[number];

/**
 * Per client address and minute: more than a person ever sends (a mistyped password five
 * times is 5 log-ins), fewer than a guessing or sign-up script needs. Windows are 60 s,
 * which the Workers Rate Limiting binding also supports.
 */
const DEFAULT_RATE_LIMITS: Readonly<Record<RateLimitFamily, RateLimitPolicy>> = {
  token: { name: 'token', limit: 20, windowSeconds: 60 },
  refresh: { name: 'refresh', limit: 30, windowSeconds: 60 },
  'password-reset': { name: 'password-reset', limit: 5, windowSeconds: 60 },
  register: { name: 'register', limit: 10, windowSeconds: 60 },
  'verify-email': { name: 'verify-email', limit: 10, windowSeconds: 60 },
};

/** Which requests belong to which family (`password-reset/*` covers the request and its confirm). */
const FAMILY_PATHS: readonly { method?: string; path: string; family: RateLimitFamily }[] = [
  { method: 'POST', path: '/api/v1/auth/token', family: 'token' },
  { path: '/api/v1/auth/refresh', family: 'refresh' },
  { path: '/api/v1/auth/password-reset/*', family: 'password-reset' },
  { method: 'POST', path: '/api/v1/users', family: 'register' },
  { path: '/api/v1/auth/verify-email', family: 'verify-email' },
];

/** Where a request's client address comes from (see `kit/http/client-address.ts`). */
export interface ClientAddressDeps extends AddressTrust {
  /** The connection's peer address from the runtime's `env` (Node, Deno); none in a Worker. */
  readonly connectionAddress?: (env: unknown) => string | undefined;
}

/** The abuse limits the app applies: the limiter (none = limits off) and the policies. */
export interface AbuseLimitDeps {
  readonly limiter?: RateLimiter;
  readonly policies?: Partial<Record<RateLimitFamily, RateLimitPolicy>>;
  readonly clientAddress?: ClientAddressDeps;
}

/**
 * The client address of a request as abuse limits and the log-in lockout count it: under the
 * deployment's trust settings, and an IPv6 address as its /64 (`addressBlock`).
 */
export function clientAddressOf(deps: ClientAddressDeps | undefined): (c: Context) => string {
  const trust = deps ?? { trustProxyHops: 0, edge: false };
  return (c) =>
    addressBlock(
      clientAddress(
        {
          connection: deps?.connectionAddress?.(c.env),
          forwardedFor: c.req.header('x-forwarded-for'),
          cfConnectingIp: c.req.header('cf-connecting-ip'),
        },
        trust,
      ),
    );
}

/**
 * The rate-limit middleware over the families; none when limits are off (no limiter), so
 * a request without limits pays for no pass-through layer.
 *
 * @example
 * app.use('/api/*', ...abuseLimits({ limiter: createMemoryRateLimiter() }, clientAddressOf(undefined)));
 */
export function abuseLimits(
  deps: AbuseLimitDeps,
  addressOf: (c: Context) => string,
): MiddlewareHandler[] {
  const { limiter } = deps;
  if (!limiter) return [];
  const policies = { ...DEFAULT_RATE_LIMITS, ...deps.policies };
  const rules: RateLimitRule[] = FAMILY_PATHS.map(({ family, ...where }) => ({
    ...where,
    policy: policies[family],
  }));
  return [rateLimit({ rules, limiter, addressOf })];
}
