import { InternalError, MethodNotAllowedError } from '../errors/catalogue.ts';
import { PROBLEM_CONTENT_TYPE } from './problem.ts';

/* The parts of an OpenAPI 3.1 document this module touches; the rest passes through. */
interface HeaderObject {
  readonly description: string;
  readonly schema: Readonly<Record<string, unknown>>;
}
interface ResponseObject {
  headers?: Record<string, HeaderObject | { $ref: string }>;
  [key: string]: unknown;
}
interface Document {
  paths?: Record<string, Record<string, unknown>>;
  components?: {
    schemas?: Record<string, { properties?: Record<string, unknown> } & Record<string, unknown>>;
    headers?: Record<string, HeaderObject>;
  } & Record<string, unknown>;
}

const HEADERS: Readonly<Record<string, HeaderObject>> = {
  'X-Request-Id': {
    description:
      'The request id: the client-sent `X-Request-Id` when it is 1–128 characters of ' +
      '`[A-Za-z0-9._-]`, else a fresh UUID. Problem documents repeat it as `requestId`.',
    schema: { type: 'string', pattern: '^[A-Za-z0-9._-]{1,128}$' },
  },
  'WWW-Authenticate': {
    description:
      'The bearer challenge (RFC 6750), with `error="invalid_token"` when a token was refused.',
    schema: { type: 'string', example: 'Bearer realm="api"' },
  },
  'Retry-After': {
    description: 'Seconds to wait before trying again.',
    schema: { type: 'integer', minimum: 0 },
  },
  Allow: {
    description: 'The methods the path has.',
    schema: { type: 'string', example: 'GET, HEAD' },
  },
  'RateLimit-Policy': {
    description:
      'The limit this route family has per client address (IETF draft-ietf-httpapi-ratelimit-headers): ' +
      'quota `q` per window `w` seconds.',
    schema: { type: 'string', example: '"token";q=20;w=60' },
  },
  RateLimit: {
    description: 'What is left of the quota (`r`) and the seconds until the window resets (`t`).',
    schema: { type: 'string', example: '"token";r=0;t=42' },
  },
};

/** Which extra headers each status carries besides `X-Request-Id`. */
const HEADERS_BY_STATUS: Readonly<Record<string, readonly string[]>> = {
  '401': ['WWW-Authenticate'],
  '405': ['Allow'],
  '423': ['Retry-After'],
  '429': ['Retry-After', 'RateLimit-Policy', 'RateLimit'],
  '503': ['Retry-After'],
};

const METHODS = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']);

const ref = (name: string) => ({ $ref: `#/components/headers/${name}` });

const problemResponse = (code: string, description: string): ResponseObject => ({
  description: `${description}: ${code}`,
  content: {
    [PROBLEM_CONTENT_TYPE]: {
      schema: {
        allOf: [
          { $ref: '#/components/schemas/Problem' },
          { type: 'object', properties: { code: { type: 'string', enum: [code] } } },
        ],
      },
    },
  },
});

/**
 * Completes a generated document with what holds for every operation, so no route has to
 * repeat it: `X-Request-Id` on every response, the status-specific headers (`WWW-Authenticate`
 * on 401, `Allow` on 405, `Retry-After` on 423/429/503, `RateLimit-Policy`/`RateLimit` on 429), the problems any path can answer
 * (405 for a method it does not have, 500), and every catalogue code on `Problem`.
 *
 * @example
 * const doc = completeDocument(app.getOpenAPI31Document(config), { catalogueCodes });
 */
export function completeDocument<T extends object>(
  generated: T,
  { catalogueCodes }: { catalogueCodes: readonly string[] },
): T {
  const doc = structuredClone(generated) as T & Document;
  const internal = InternalError.definition;
  const notAllowed = MethodNotAllowedError.definition;
  for (const pathItem of Object.values(doc.paths ?? {})) {
    for (const [method, operation] of Object.entries(pathItem)) {
      if (!METHODS.has(method)) continue;
      const responses = (operation as { responses: Record<string, ResponseObject> }).responses;
      responses[String(notAllowed.status)] ??= problemResponse(
        notAllowed.code,
        'Method not allowed on this path (another method than the ones it has); `Allow` lists them',
      );
      responses[String(internal.status)] ??= problemResponse(internal.code, 'Internal error');
      for (const [status, response] of Object.entries(responses)) {
        const extra = HEADERS_BY_STATUS[status] ?? [];
        response.headers = {
          'X-Request-Id': ref('X-Request-Id'),
          ...Object.fromEntries(extra.map((name) => [name, ref(name)])),
          ...response.headers,
        };
      }
    }
  }
  const components = (doc.components ??= {});
  components.headers = { ...HEADERS, ...components.headers };
  const problem = components.schemas?.Problem;
  if (problem?.properties) {
    problem.properties.code = {
      type: 'string',
      enum: [...catalogueCodes],
      description: 'A stable code from the error catalogue',
    };
  }
  return doc;
}
