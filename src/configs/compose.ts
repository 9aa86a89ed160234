import type { AppDeps } from '../app.ts';
import type { Database } from '../db/client.ts';
import type { RememberReads } from '../db/remember-reads.port.ts';
import type { AccessTokens } from '../kit/auth/access-tokens.port.ts';
import { createJwtAccessTokens, type JwtOptions } from '../kit/auth/hono-jwt.ts';
import type { Cache } from '../kit/cache/cache.port.ts';
import { resilientCache } from '../kit/cache/resilient-cache.ts';
import { randomToken } from '../kit/crypto/encoding.ts';
import { createPbkdf2Hasher, type PasswordHasher } from '../kit/crypto/password.ts';
import type { DocsAssets } from '../kit/http/docs.ts';
import type { Logger } from '../kit/log/logger.ts';
import type { RateLimiter } from '../kit/rate-limit/rate-limiter.port.ts';
import { randomId, systemClock, type Clock, type Defer, type IdGenerator } from '../kit/runtime.ts';
import { gatherCalls } from '../kit/time/gather-calls.ts';
import { createAuthLogic } from '../logics/auth/index.ts';
import { createMfaLogic } from '../logics/auth/mfa.logic.ts';
import { createMfaDbAdapter } from '../repositories/mfa/adapters/mfa-db.adapter.ts';
import { createMfaRepository } from '../repositories/mfa/mfa.repository.ts';
import { createUserLogic } from '../logics/user/index.ts';
import { createAuthDbAdapter } from '../repositories/auth/adapters/auth-db.adapter.ts';
import { createOneTimeTokenDbAdapter } from '../repositories/auth/adapters/one-time-token-db.adapter.ts';
import { createSessionDbAdapter } from '../repositories/auth/adapters/session-db.adapter.ts';
import { createAuthRepository } from '../repositories/auth/auth.repository.ts';
import { createOutboxDbAdapter } from '../repositories/email/adapters/outbox-db.adapter.ts';
import { createEmailLogic, type EmailLogic } from '../logics/email/index.ts';
import { describeError } from '../kit/log/logger.ts';
import { createHttpEmailGateway } from '../repositories/email/adapters/http-email.adapter.ts';
import { createLogEmailGateway } from '../repositories/email/adapters/log-email.adapter.ts';
import type { EmailGateway } from '../repositories/email/email.gateway.port.ts';
import { createUserCacheAdapter } from '../repositories/user/adapters/user-cache.adapter.ts';
import { createUserDbAdapter } from '../repositories/user/adapters/user-db.adapter.ts';
import { createUserRepository } from '../repositories/user/user.repository.ts';
import type { ReadinessCheck } from '../services/system/system.routes.ts';
import { abuseLimitsFor } from './abuse-config.ts';
import { mfaSecretBoxFor } from './mfa-config.ts';
import type { Config } from './config.ts';

/** The issuer and audience of our access tokens. */
export const TOKEN_ISSUER = 'user-edge-api';

/** The concrete parts a runtime provides; `composeDeps` wires them into the app's deps. */
export interface RuntimeParts {
  readonly config: Config;
  readonly db: Database;
  /** Resolves when a write could succeed now (`/ready`): see `DatabaseHandle.probe`. */
  readonly pingDatabase: () => Promise<void>;
  /** The raw cache: `/ready` probes it as is; repositories get it wrapped as resilient. */
  readonly cache: Cache;
  readonly logger: Logger;
  /** Where emails go; by default the config's provider, or the log (`emailGatewayFor`). */
  readonly email?: EmailGateway;
  readonly defer: Defer;
  /**
   * How long the sends after a commit wait for other commits' emails, so that one claim and
   * one mark serve them all (`gatherCalls`). Default 0: each commit's drain starts at once.
   */
  readonly outboxGatherMs?: number;
  /** The reference UI's files for `/docs`: the installed package, or the Worker's assets. */
  readonly docsAssets?: DocsAssets;
  readonly passwords?: PasswordHasher;
  readonly clock?: Clock;
  readonly newId?: IdGenerator;
  /** The shared rate limiter (Redis, the Workers binding); in-process when absent. */
  readonly rateLimiter?: RateLimiter;
  /** Running on Cloudflare's edge: `CF-Connecting-IP` names the client. */
  readonly edge?: boolean;
  /** The connection's peer address from the runtime's `env` (Node, Deno). */
  readonly connectionAddress?: (env: unknown) => string | undefined;
  /** How access tokens are made: default hono's jwt helper (WebCrypto, every runtime). */
  readonly accessTokens?: (options: JwtOptions) => AccessTokens;
  /**
   * Remembers reads while the database is unchanged (`versionedMemo` over the embedded file:
   * Node and Deno); without it every read goes to the database.
   */
  readonly remember?: RememberReads;
}

/** A put/get/delete round trip: the cache answers, with what was put. */
function cacheReadiness(cache: Cache): ReadinessCheck {
  return {
    name: 'cache',
    check: async () => {
      const key = `ready:${crypto.randomUUID()}`;
      await cache.put(key, 1, 60);
      const value = await cache.get<number>(key);
      await cache.delete(key);
      if (value !== 1) throw new Error('the cache did not return what was put');
    },
  };
}

/**
 * The HTTP email gateway when the config names a provider, else the log gateway: the whole
 * email in the log with APP_ENV local or test, never its text in production.
 */
function emailGatewayFor(config: Config, logger: Logger): EmailGateway {
  return config.EMAIL_API_URL && config.EMAIL_API_KEY
    ? createHttpEmailGateway({ url: config.EMAIL_API_URL, apiKey: config.EMAIL_API_KEY })
    : createLogEmailGateway(logger, { showContent: config.APP_ENV !== 'production' });
}

/**
 * The JWT secret: the configured one, or (outside production, where the config schema
 * already requires one) a random one for this process, with a warning: tokens then do not
 * survive a restart nor work across processes.
 */
function jwtSecretFor(config: Config, logger: Logger): string {
  if (config.JWT_SECRET !== undefined) return config.JWT_SECRET;
  logger.warn('JWT_SECRET is not set: using a random secret for this process only', {
    env: config.APP_ENV,
  });
  return randomToken(32);
}

/**
 * PBKDF2 then HMAC under `PASSWORD_PEPPER`; outside production (where the schema requires
 * it) an unset pepper means none, with a warning: never a random one, since the CLI and
 * every instance must agree.
 */
function passwordHasherFor(config: Config, logger: Logger): PasswordHasher {
  if (config.PASSWORD_PEPPER === undefined) {
    logger.warn('PASSWORD_PEPPER is not set: password hashes are made without a pepper', {
      env: config.APP_ENV,
    });
  }
  return createPbkdf2Hasher({ pepper: config.PASSWORD_PEPPER });
}

/**
 * Sends what the outbox holds now, then prunes what was settled long ago (at most hourly).
 * Never rejects: a failure here is a storage fault (a failed send is handled inside), logged
 * as a warning; the timer or the Cron retries.
 */
export async function drainOutboxQuietly(emails: EmailLogic, logger: Logger): Promise<void> {
  try {
    await emails.drain();
  } catch (error) {
    // Storage is likely failing: pruning waits for a drain that works.
    logger.warn('outbox drain failed: will retry', describeError(error));
    return;
  }
  try {
    const pruned = await emails.prune();
    if (pruned > 0) logger.info('outbox pruned', { emails: pruned });
  } catch (error) {
    logger.warn('outbox prune failed: will retry', describeError(error));
  }
}

/**
 * The chores of the dispatcher's timer (Node) or Cron Trigger (Workers): the outbox's drain
 * and prune, then forgetting week-old log-in attempt counts (at most hourly). Never rejects.
 */
export async function runChores(
  deps: Pick<AppDeps, 'emails' | 'auth'>,
  logger: Logger,
): Promise<void> {
  await drainOutboxQuietly(deps.emails, logger);
  try {
    const forgotten = await deps.auth.pruneLoginAttempts();
    if (forgotten > 0) logger.info('log-in attempt counts pruned', { counts: forgotten });
  } catch (error) {
    logger.warn('log-in attempt prune failed: will retry', describeError(error));
  }
}

/**
 * The wiring shared by every runtime (Node, Workers, tests): given the concrete parts,
 * builds adapters, repositories and logic once. Entry points differ only in the parts.
 */
export function composeDeps(
  parts: RuntimeParts,
  jwtSecret = jwtSecretFor(parts.config, parts.logger),
): AppDeps {
  const clock = parts.clock ?? systemClock;
  const newId = parts.newId ?? randomId;
  const passwords = parts.passwords ?? passwordHasherFor(parts.config, parts.logger);
  const userCache = createUserCacheAdapter(resilientCache(parts.cache, parts.logger));
  const users = createUserRepository({ db: createUserDbAdapter(parts.db), cache: userCache });
  const evictCachedUser = (userId: string) => userCache.evict(userId);
  const authRepository = createAuthRepository({
    db: createAuthDbAdapter(parts.db, { remember: parts.remember }),
    sessions: createSessionDbAdapter(parts.db),
    oneTimeTokens: createOneTimeTokenDbAdapter(parts.db),
    evictCachedUser,
  });
  const mfa = createMfaLogic({
    mfa: createMfaRepository({ db: createMfaDbAdapter(parts.db), evictCachedUser }),
    auth: authRepository,
    users,
    passwords,
    secrets: mfaSecretBoxFor(parts.config, parts.logger),
    clock,
    newId,
    issuer: TOKEN_ISSUER,
  });
  const emails = createEmailLogic({
    outbox: createOutboxDbAdapter(parts.db),
    email: parts.email ?? emailGatewayFor(parts.config, parts.logger),
    clock,
    logger: parts.logger,
    maxAttempts: parts.config.OUTBOX_MAX_ATTEMPTS,
    retryBaseSeconds: parts.config.OUTBOX_RETRY_BASE_SECONDS,
  });
  // After a commit that wrote to the outbox: send it after the response, with what other
  // commits queue within `outboxGatherMs` (one claim and one mark for them all). A failure
  // here is a storage fault (a failed send is handled inside); the timer or Cron retries.
  const drainQueued = gatherCalls(parts.outboxGatherMs ?? 0, () =>
    drainOutboxQuietly(emails, parts.logger),
  );
  const emailsQueued = () => {
    parts.defer(drainQueued());
  };
  const auth = createAuthLogic({
    auth: authRepository,
    secondFactor: mfa.check,
    users,
    passwords,
    tokens: (parts.accessTokens ?? createJwtAccessTokens)({
      secret: jwtSecret,
      issuer: TOKEN_ISSUER,
      audience: TOKEN_ISSUER,
      ttlSeconds: parts.config.ACCESS_TOKEN_TTL_SECONDS,
    }),
    clock,
    newId,
    refreshTokenTtlSeconds: parts.config.REFRESH_TOKEN_TTL_SECONDS,
    publicUrl: parts.config.PUBLIC_URL,
    defer: parts.defer,
    logger: parts.logger,
    emailsQueued,
  });
  return {
    logger: parts.logger,
    readiness: [{ name: 'database', check: parts.pingDatabase }, cacheReadiness(parts.cache)],
    users: createUserLogic({
      users,
      passwords,
      clock,
      newId,
      publicUrl: parts.config.PUBLIC_URL,
      emailsQueued,
    }),
    auth,
    mfa,
    emails,
    corsOrigins: parts.config.CORS_ORIGINS,
    abuse: abuseLimitsFor(parts.config, parts.logger, parts),
    ...(parts.docsAssets ? { docsAssets: parts.docsAssets } : {}),
  };
}
