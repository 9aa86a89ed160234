import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppErrorClass } from '../kit/errors/app-error.ts';
import * as kitErrors from '../kit/errors/catalogue.ts';
import { completeDocument } from '../kit/http/openapi-document.ts';
import * as authErrors from '../models/errors/auth.errors.ts';
import * as userErrors from '../models/errors/user.errors.ts';
import type { AppEnv } from './app-env.ts';

/** Every code of the error catalogue, domain-free and domain entries alike. */
export const CATALOGUE_CODES: readonly string[] = [
  ...new Set(
    [...Object.values(kitErrors), ...Object.values(authErrors), ...Object.values(userErrors)]
      .filter(
        (value): value is AppErrorClass => typeof value === 'function' && 'definition' in value,
      )
      .map((error) => error.definition.code),
  ),
];

const TAGS = [
  {
    name: 'users',
    description: 'Register, read, change and delete users; admins search, suspend and activate.',
  },
  {
    name: 'auth',
    description: 'Log in for an access token (JWT, 15 minutes) and a rotating refresh token.',
  },
  { name: 'service', description: 'Liveness and readiness probes for operators.' },
];

/**
 * Serves the OpenAPI 3.1 document at `path`: the routes' own descriptions, completed with
 * what holds for every response (`X-Request-Id`, the 500 problem, the headers of 401, 405,
 * 423, 429 and 503), the catalogue, the tags and this server's origin.
 *
 * @example
 * describeApi(app, '/openapi.json');
 */
export function describeApi(app: OpenAPIHono<AppEnv>, path: string): void {
  app.openAPIRegistry.registerComponent('securitySchemes', 'bearerAuth', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description: 'An access token from `POST /api/v1/auth/token`.',
  });
  let document: ReturnType<typeof app.getOpenAPI31Document> | undefined;
  app.get(path, (c) => {
    document ??= completeDocument(
      app.getOpenAPI31Document({
        openapi: '3.1.0',
        info: {
          title: 'User management API',
          version: '1.0.0',
          description:
            'Users, authentication and authorization at the edge. Every error is an RFC 9457 ' +
            'problem document (`application/problem+json`) whose `code` comes from the error ' +
            'catalogue; `Accept-Language: fa` gives Persian messages. Every response carries ' +
            '`X-Request-Id`. A route called with a method it does not have answers 405 ' +
            '`METHOD_NOT_ALLOWED` with `Allow`; an unknown path (a trailing slash included) ' +
            'answers 404 `NOT_FOUND`.',
          // OpenAPI 3.1's SPDX `identifier`, which the generator's 3.0 types do not know yet.
          license: {
            name: 'Proprietary (all rights reserved)',
            identifier: 'LicenseRef-Proprietary',
          } as { name: string },
        },
        tags: TAGS,
      }),
      { catalogueCodes: CATALOGUE_CODES },
    );
    const origin = new URL(c.req.url).origin;
    return c.json({ ...document, servers: [{ url: origin, description: 'This service' }] });
  });
}
