import type { RuntimeParts } from '../../src/configs/compose.ts';
import { loadConfig } from '../../src/configs/config.ts';
import type { Database } from '../../src/db/client.ts';
import { createMemoryCache } from '../../src/kit/cache/memory-cache.ts';
import { createLogger } from '../../src/kit/log/logger.ts';
import { FakeEmailGateway } from '../fakes/fake-email.gateway.ts';

/**
 * What `composeDeps` needs to wire the app over a real database in a test: the test config, an
 * in-process cache, a silent log, a fake email provider and nothing run after responses. A
 * test spreads these and overrides what it watches (`email`, `defer`, `clock`, …).
 *
 * @example
 * const app = createApp(composeDeps({ ...testRuntimeParts(handle.db), passwords }, secret));
 */
export function testRuntimeParts(db: Database): RuntimeParts {
  return {
    config: loadConfig({ APP_ENV: 'test' }),
    db,
    pingDatabase: () => Promise.resolve(),
    cache: createMemoryCache(),
    logger: createLogger({ level: 'silent' }),
    email: new FakeEmailGateway(),
    defer: () => undefined,
  };
}
