import { swaggerUI } from '@hono/swagger-ui';
import { secureHeaders } from 'hono/secure-headers';
import { problemErrorHandler, problemNotFoundHandler } from './kit/http/error-handler.ts';
import { bodyLimit } from './kit/http/body-limit.ts';
import { requestId } from './kit/http/request-id.ts';
import { requestLog } from './kit/http/request-log.ts';
import type { Logger } from './kit/log/logger.ts';
import type { AuthLogic } from './logics/auth/index.ts';
import type { UserLogic } from './logics/user/index.ts';
import { createUserGuards } from './services/auth/guards.ts';
import { authRoutesV1 } from './services/auth/v1/auth.routes.ts';
import { createRouter } from './services/router.ts';
import { systemRoutes, type ReadinessCheck } from './services/system/system.routes.ts';
import { userRoutesV1 } from './services/user/v1/user.routes.ts';

/** Everything the app needs from its runtime; each entry point's composition root builds it. */
export interface AppDeps {
  readonly logger: Logger;
  readonly readiness: readonly ReadinessCheck[];
  readonly users: UserLogic;
  readonly auth: AuthLogic;
}

/**
 * Builds the HTTP app: the same on Node, in workerd and in tests; only `deps` differ.
 *
 * @example
 * const app = createApp(deps);
 * const res = await app.request('/health');
 */
export function createApp(deps: AppDeps) {
  const app = createRouter();
  const userGuards = createUserGuards(deps.auth);

  app.use(requestId(), requestLog(deps.logger), secureHeaders(), bodyLimit());

  app.route('/', systemRoutes({ checks: deps.readiness, logger: deps.logger }));
  app.route('/api/v1/users', userRoutesV1({ users: deps.users, guards: userGuards }));
  app.route('/api/v1/auth', authRoutesV1({ auth: deps.auth }));

  app.openAPIRegistry.registerComponent('securitySchemes', 'bearerAuth', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
  });
  app.doc31('/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'User management API',
      version: '1.0.0',
      description:
        'Users, authentication and authorization at the edge. Errors are RFC 9457 problem documents.',
    },
  });
  app.get('/docs', swaggerUI({ url: '/openapi.json', title: 'User management API' }));

  app.onError(problemErrorHandler(deps.logger));
  app.notFound(problemNotFoundHandler(app));
  return app;
}

export type App = ReturnType<typeof createApp>;
