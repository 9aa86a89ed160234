import { z } from '@hono/zod-openapi';
import { MAX_BODY_KIB } from './limits.ts';

/** The problem document as an OpenAPI component, shared by every error response. */
export const ProblemSchema = z
  .object({
    type: z.literal('about:blank'),
    title: z.string(),
    status: z.number().int(),
    code: z.string().openapi({ example: 'VALIDATION_ERROR' }),
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
  400: 'Invalid input (VALIDATION_ERROR, INVALID_JSON or INVALID_ARGUMENT)',
  401: 'Missing, invalid or expired credentials',
  403: 'Not allowed',
  404: 'Not found',
  405: 'Method not allowed',
  409: 'Conflict',
  413: `Body larger than ${MAX_BODY_KIB} KiB`,
  415: 'Body is not application/json',
  423: 'Account locked',
  500: 'Internal error',
  503: 'Not ready',
};

/**
 * The `responses` entries of a route's problem answers, for `createRoute`.
 *
 * @example
 * responses: { 200: …, ...problemResponses(400, 404) }
 */
export function problemResponses(...statuses: number[]) {
  return Object.fromEntries(
    statuses.map((status) => [
      status,
      {
        description: statusText[status] ?? 'Problem',
        content: { 'application/problem+json': { schema: ProblemSchema } },
      },
    ]),
  );
}
