import type { AppDeps } from '../app';
import type { Database } from '../db/client';
import type { Cache } from '../kit/cache/cache.port';
import { resilientCache } from '../kit/cache/resilient-cache';
import { createPbkdf2Hasher, type PasswordHasher } from '../kit/crypto/password';
import type { Logger } from '../kit/log/logger';
import { randomId, systemClock, type Clock, type Defer, type IdGenerator } from '../kit/runtime';
import { createUserLogic } from '../logics/user';
import { createHttpEmailGateway } from '../repositories/email/adapters/http-email.adapter';
import { createLogEmailGateway } from '../repositories/email/adapters/log-email.adapter';
import type { EmailGateway } from '../repositories/email/email.gateway.port';
import { createUserCacheAdapter } from '../repositories/user/adapters/user-cache.adapter';
import { createUserDbAdapter } from '../repositories/user/adapters/user-db.adapter';
import { createUserRepository } from '../repositories/user/user.repository';
import type { ReadinessCheck } from '../services/system/system.routes';
import type { UserGuards } from '../services/user/v1/user.routes';
import type { Config } from './config';

/** The concrete parts a runtime provides; `composeDeps` wires them into the app's deps. */
export interface RuntimeParts {
  readonly db: Database;
  /** A cheap query that proves the database answers (`select 1`). */
  readonly pingDatabase: () => Promise<void>;
  /** The raw cache: `/ready` probes it as is; repositories get it wrapped as resilient. */
  readonly cache: Cache;
  readonly logger: Logger;
  readonly email: EmailGateway;
  readonly defer: Defer;
  readonly passwords?: PasswordHasher;
  readonly clock?: Clock;
  readonly newId?: IdGenerator;
}

/** A put/get/delete round trip: the cache answers, with what was put. */
export function cacheReadiness(cache: Cache): ReadinessCheck {
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

/** The HTTP email gateway when the config names a provider, else the log gateway. */
export function emailGatewayFor(config: Config, logger: Logger): EmailGateway {
  return config.EMAIL_API_URL && config.EMAIL_API_KEY
    ? createHttpEmailGateway({ url: config.EMAIL_API_URL, apiKey: config.EMAIL_API_KEY })
    : createLogEmailGateway(logger);
}

/** Until the authentication layer supplies guards, every route is open. */
const openGuards: UserGuards = { signedIn: [], selfOrAdmin: [], admin: [] };

/**
 * The wiring shared by every runtime (Node, Workers, tests): given the concrete parts,
 * builds adapters, repositories and logic once. Entry points differ only in the parts.
 */
export function composeDeps(parts: RuntimeParts): AppDeps {
  const clock = parts.clock ?? systemClock;
  const users = createUserRepository({
    db: createUserDbAdapter(parts.db),
    cache: createUserCacheAdapter(resilientCache(parts.cache, parts.logger)),
  });
  return {
    logger: parts.logger,
    readiness: [{ name: 'database', check: parts.pingDatabase }, cacheReadiness(parts.cache)],
    users: createUserLogic({
      users,
      passwords: parts.passwords ?? createPbkdf2Hasher(),
      email: parts.email,
      defer: parts.defer,
      clock,
      newId: parts.newId ?? randomId,
      logger: parts.logger,
    }),
    userGuards: openGuards,
  };
}
