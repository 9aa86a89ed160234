import type { MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';
import { secureHeaders } from 'hono/secure-headers';
import { problemErrorHandler, problemNotFoundHandler } from './kit/http/error-handler.ts';
import { bodyLimit } from './kit/http/body-limit.ts';
import { docsRoutes, type DocsAssets } from './kit/http/docs.ts';
import { requestId } from './kit/http/request-id.ts';
import { requestLog } from './kit/http/request-log.ts';
import type { Logger } from './kit/log/logger.ts';
import type { AuthLogic } from './logics/auth/index.ts';
import type { MfaLogic } from './logics/auth/mfa.logic.ts';
import type { EmailLogic } from './logics/email/index.ts';
import type { UserLogic } from './logics/user/index.ts';
import { abuseLimits, clientAddressOf, type AbuseLimitDeps } from './services/abuse-limits.ts';
import { createUserGuards } from './services/auth/guards.ts';
import { authRoutesV1 } from './services/auth/v1/auth.routes.ts';
import { mfaRoutesV1 } from './services/auth/v1/mfa.routes.ts';
import { describeApi } from './services/openapi.ts';
import { createRouter } from './services/router.ts';
import { systemRoutes, type ReadinessCheck } from './services/system/system.routes.ts';
import { userRoleRoutesV1 } from './services/user/v1/user-role.routes.ts';
import { userAccountRoutesV1 } from './services/user/v1/user-account.routes.ts';
import { userRoutesV1 } from './services/user/v1/user.routes.ts';

/** Everything the app needs from its runtime; each entry point's composition root builds it. */
export interface AppDeps {
  readonly logger: Logger;
  readonly readiness: readonly ReadinessCheck[];
  readonly users: UserLogic;
  readonly auth: AuthLogic;
  /** The second factor (TOTP); without it the routes are absent and log-in asks for none. */
  readonly mfa?: MfaLogic;
  /** The email outbox's dispatcher: the runtimes drive it (timer, `waitUntil`, Cron). */
  readonly emails: EmailLogic;
  /** Origins a browser app may call the API from (`CORS_ORIGINS`); none by default. */
  readonly corsOrigins?: readonly string[];
  /** The reference UI's files for `/docs`; without them `/docs` has no assets to load. */
  readonly docsAssets?: DocsAssets;
  /** Rate limits per client address (none without a limiter) and how to find the address. */
  readonly abuse?: AbuseLimitDeps;
}

/**
 * What a browser on a listed origin may send and read (the contract's CORS section); no
 * middleware at all when no origin is listed: every answer is then the same for any Origin.
 */
function corsFor(origins: readonly string[]): MiddlewareHandler[] {
  if (origins.length === 0) return [];
  const listed = new Set(origins);
  const handler = cors({
    origin: (origin) => (listed.has(origin) ? origin : null),
    allowMethods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
    allowHeaders: ['Authorization', 'Content-Type', 'Accept-Language', 'X-Request-Id'],
    exposeHeaders: ['X-Request-Id', 'Location', 'Retry-After', 'RateLimit', 'RateLimit-Policy'],
    maxAge: 600,
  });
  // An unlisted origin gets no CORS headers at all, so its preflight is an ordinary miss.
  return [
    async function corsForListedOrigins(c, next) {
      const origin = c.req.header('origin');
      if (origin !== undefined && listed.has(origin)) return handler(c, next);
      await next();
      // The answer differs by Origin: a shared cache must not give this one to a listed origin.
      c.header('Vary', 'Origin', { append: true });
    },
  ];
}

/** Responses that carry a user or a token must never be stored by a cache on the way. */
const noStore: MiddlewareHandler = async function noStore(c, next) {
  c.header('Cache-Control', 'no-store');
  await next();
};

const noDocsAssets: DocsAssets = () => Promise.resolve(undefined);

/**
 * Builds the HTTP app: the same on Node, Deno, in workerd and in tests; only `deps` differ.
 * Its type (`AppType`) gives `hono/client`'s `hc` a typed client.
 *
 * @example
 * const app = createApp(deps);
 * const res = await app.request('/health');
 */
export function createApp(deps: AppDeps) {
  const app = createRouter();
  const userGuards = createUserGuards(deps.auth);

  app.use(
    requestId(),
    requestLog(deps.logger),
    secureHeaders(),
    ...corsFor(deps.corsOrigins ?? []),
    bodyLimit(),
  );
  // The client address under the deployment's trust settings: rate limits and lockout count by it.
  const addressOf = clientAddressOf(deps.abuse?.clientAddress);
  app.use('/api/*', noStore, ...abuseLimits(deps.abuse ?? {}, addressOf));

  const routes = app
    .route('/', systemRoutes({ checks: deps.readiness, logger: deps.logger }))
    .route('/api/v1/users', userRoutesV1({ users: deps.users, guards: userGuards }))
    .route('/api/v1/users', userRoleRoutesV1({ users: deps.users, guard: userGuards.admin }))
    .route(
      '/api/v1/users',
      userAccountRoutesV1({
        auth: deps.auth,
        guards: userGuards,
        addressOf,
      }),
    )
    .route('/api/v1/auth', authRoutesV1({ auth: deps.auth, addressOf }));

  if (deps.mfa) {
    app.route(
      '/api/v1/users',
      mfaRoutesV1({
        mfa: deps.mfa,
        self: userGuards.self,
        selfOrAdmin: userGuards.selfOrAdmin,
        addressOf,
      }),
    );
  }

  describeApi(app, '/openapi.json');
  app.route(
    '/',
    docsRoutes({
      title: 'User management API',
      specUrl: '/openapi.json',
      assets: deps.docsAssets ?? noDocsAssets,
    }),
  );

  app.onError(problemErrorHandler(deps.logger));
  app.notFound(problemNotFoundHandler(app));
  return routes;
}

export type App = ReturnType<typeof createApp>;

/**
 * The app's routes as a type, for `hono/client`.
 *
 * @example
 * const client = hc<AppType>('http://127.0.0.1:8787');
 * const res = await client.api.v1.users.me.$get({}, { headers: { Authorization: `Bearer ${t}` } });
 */
export type AppType = App;
