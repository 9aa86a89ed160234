import type { Context } from 'hono';
import type { ZodError } from 'zod';
import type { FieldError } from '../errors/app-error.ts';
import { InvalidArgumentError, ValidationError } from '../errors/catalogue.ts';
import { problemResponse } from './problem.ts';

type Target = 'json' | 'form' | 'query' | 'param' | 'header' | 'cookie';

/**
 * Turns zod issues into `errors[]` entries: a dotted path and zod's message. zod's messages
 * describe the expectation, never the received value, so nothing submitted is echoed.
 */
function toFieldErrors(error: ZodError, target: Target): FieldError[] {
  const root = target === 'json' || target === 'form' ? 'body' : target;
  return error.issues.flatMap((issue) => {
    const base = issue.path.map(String);
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        path: [...base, key].join('.'),
        message: 'Unknown field.',
      }));
    }
    return [{ path: base.length > 0 ? base.join('.') : root, message: issue.message }];
  });
}

/**
 * The one validation hook of the app (`new OpenAPIHono({ defaultHook })`): every invalid
 * input becomes the same 400 problem. A bad path parameter is `INVALID_ARGUMENT`, as the
 * contract says; everything else is `VALIDATION_ERROR` with `errors[]`. It answers the
 * problem itself rather than throwing, so a router answers it even without the app's
 * `onError`.
 */
export function validationHook(
  result: { success: true } | { success: false; error: ZodError; target: Target },
  c: Context,
): Response | undefined {
  if (result.success) return undefined;
  const errors = toFieldErrors(result.error, result.target);
  if (result.target === 'param') {
    const names = [...new Set(errors.map((e) => e.path))].join(', ');
    return problemResponse(
      c,
      new InvalidArgumentError({
        detail: {
          en: `Path parameter ${names} is not valid.`,
          fa: `پارامتر مسیر ${names} معتبر نیست.`,
        },
      }),
    );
  }
  return problemResponse(c, new ValidationError({ errors }));
}
