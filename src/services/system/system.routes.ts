import { createRoute, z } from '@hono/zod-openapi';
import { ServiceUnavailableError } from '../../kit/errors/catalogue.ts';
import { createRouter } from '../router.ts';
import { jsonContent, problemResponses } from '../../kit/http/openapi.ts';
import { describeError, type Logger } from '../../kit/log/logger.ts';

/** A dependency `/ready` checks: resolves when it answers, rejects when it does not. */
export interface ReadinessCheck {
  readonly name: string;
  readonly check: () => Promise<void>;
}

const READY_TIMEOUT_MS = 2_000;
const READY_RETRY_AFTER_SECONDS = 5;

async function passes({ check }: ReadinessCheck): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(new Error(`no answer within ${READY_TIMEOUT_MS} ms`));
    }, READY_TIMEOUT_MS);
  });
  try {
    await Promise.race([check(), timeout]);
    return true;
  } finally {
    clearTimeout(timer);
  }
}

const StatusSchema = z
  .object({
    status: z.literal('ok'),
  })
  .openapi('Status');

const ReadySchema = z
  .object({
    status: z.literal('ok'),
    checks: z.record(z.string(), z.literal('ok')),
  })
  .openapi('Readiness');

const health = createRoute({
  method: 'get',
  path: '/health',
  tags: ['service'],
  operationId: 'health',
  summary: 'Liveness: 200 while the process lives',
  security: [],
  responses: {
    200: { description: 'Alive', ...jsonContent(StatusSchema) },
  },
});

const ready = createRoute({
  method: 'get',
  path: '/ready',
  tags: ['service'],
  operationId: 'ready',
  summary: 'Readiness: the database and the cache answer',
  security: [],
  responses: {
    200: { description: 'Ready', ...jsonContent(ReadySchema) },
    ...problemResponses(503),
  },
});

/**
 * `/health` and `/ready`.
 *
 * @example
 * app.route('/', systemRoutes({ checks: [{ name: 'database', check: () => pingDb() }], logger }));
 */
export function systemRoutes({
  checks,
  logger,
}: {
  checks: readonly ReadinessCheck[];
  logger: Logger;
}) {
  return createRouter()
    .openapi(health, (c) => c.json({ status: 'ok' as const }, 200))
    .openapi(ready, async (c) => {
      const results = await Promise.all(
        checks.map(async (check) => {
          try {
            return await passes(check);
          } catch (error) {
            logger.warn('readiness check failed', { check: check.name, ...describeError(error) });
            return false;
          }
        }),
      );
      const failed = checks.filter((_, i) => !results[i]).map((check) => check.name);
      if (failed.length > 0) {
        const names = failed.join(', ');
        throw new ServiceUnavailableError({
          retryAfterSeconds: READY_RETRY_AFTER_SECONDS,
          detail: {
            en: `Not ready: ${names} did not answer.`,
            fa: `آماده نیست: ${names} پاسخ نداد.`,
          },
        });
      }
      const ok = Object.fromEntries(checks.map((check) => [check.name, 'ok' as const]));
      return c.json({ status: 'ok' as const, checks: ok }, 200);
    });
}
