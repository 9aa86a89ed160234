import { z } from '@hono/zod-openapi';
import type { AppErrorClass, ErrorDefinition } from '../errors/app-error.ts';
import * as catalogue from '../errors/catalogue.ts';
import { MAX_BODY_KIB } from './limits.ts';
import { PROBLEM_CONTENT_TYPE } from './problem.ts';

/** The problem document as an OpenAPI component, shared by every error response. */
const ProblemSchema = z
  .object({
    type: z.literal('about:blank'),
    title: z.string(),
    status: z.number().int(),
    code: z.string().openapi({
      description: 'A stable code from the error catalogue',
      example: 'VALIDATION_ERROR',
    }),
    detail: z.string(),
    instance: z.string(),
    requestId: z.string(),
    errors: z
      .array(z.object({ path: z.string(), message: z.string() }))
      .optional()
      .openapi({ description: 'Present only for validation failures.' }),
  })
  .openapi('Problem', { description: 'An RFC 9457 problem document.' });

/**
 * A JSON body of `schema`, for a route's `request.body` or a response.
 *
 * @example
 * responses: { 200: { description: 'The user', ...jsonContent(UserOutput) } }
 */
export function jsonContent<T>(schema: T) {
  return { content: { 'application/json': { schema } } };
}

const statusText: Readonly<Record<number, string>> = {
  400: 'Invalid input',
  401: 'Missing, invalid or expired credentials',
  403: 'Not allowed',
  404: 'Not found',
  405: 'Method not allowed',
  409: 'Conflict',
  413: `Body larger than ${MAX_BODY_KIB} KiB`,
  415: 'Body is not application/json',
  423: 'Account locked',
  429: 'Too many requests',
  500: 'Internal error',
  503: 'Not ready',
};

const kitErrors: readonly AppErrorClass[] = Object.values(catalogue);

/**
 * The `responses` entries of a route's problem answers, for `createRoute`: one per status,
 * its `code` an enum of exactly the catalogue codes the route can answer with. A status
 * alone stands for the domain-free catalogue's codes of that status.
 *
 * @example
 * responses: { 200: …, ...problemResponses(ValidationError, UserNotFoundError, 413) }
 */
export function problemResponses(
  ...entries: readonly (number | { readonly definition: ErrorDefinition })[]
) {
  const codesByStatus = new Map<number, Set<string>>();
  for (const entry of entries) {
    const errors =
      typeof entry === 'number'
        ? kitErrors.filter((error) => error.definition.status === entry)
        : [entry];
    for (const { definition } of errors) {
      const codes = codesByStatus.get(definition.status) ?? new Set();
      codes.add(definition.code);
      codesByStatus.set(definition.status, codes);
    }
  }
  return Object.fromEntries(
    [...codesByStatus].map(([status, codes]) => [
      status,
      {
        description: `${statusText[status] ?? 'Problem'}: ${[...codes].join(', ')}`,
        content: {
          [PROBLEM_CONTENT_TYPE]: {
            schema: ProblemSchema.extend({ code: z.enum([...codes] as [string, ...string[]]) }),
          },
        },
      },
    ]),
  );
}

/** Every route with a JSON body can answer these: invalid, not JSON, too large, not JSON at all. */
export const BODY_PROBLEMS = [
  catalogue.ValidationError,
  catalogue.InvalidJsonError,
  catalogue.PayloadTooLargeError,
  catalogue.UnsupportedMediaTypeError,
] as const;

/** A route for any signed-in user answers these: no, or a refused, token (401). */
export const SIGNED_IN_PROBLEMS = [
  catalogue.UnauthenticatedError,
  catalogue.InvalidTokenError,
  catalogue.TokenExpiredError,
] as const;

/** A bearer-guarded route's answers: no or a refused token (401), not allowed (403). */
export const BEARER_PROBLEMS = [...SIGNED_IN_PROBLEMS, catalogue.PermissionDeniedError] as const;

/** The `security` of a route that needs an access token. */
export const BEARER_SECURITY = [{ bearerAuth: [] }];
