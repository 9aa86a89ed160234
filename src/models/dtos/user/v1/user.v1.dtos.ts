import { z } from '@hono/zod-openapi';
import {
  PASSWORD_CONTAINS_USERNAME,
  passwordContainsUsername,
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
  USER_ROLES,
  USER_STATUSES,
  USERNAME_PATTERN,
} from '../../../entities/user.ts';
import { USER_SORTS } from '../../../constants/user-search.constants.ts';

/*
 * Version 1 of the user DTOs: they cross the service boundary. Each is a zod schema, so
 * one definition validates input, types the handler and feeds the OpenAPI document.
 * Input objects are strict: an unknown field (`role`, `status`, …) is a 400, never applied.
 */

const Username = z
  .string()
  .regex(
    USERNAME_PATTERN,
    '3–32 characters of A–Z, a–z, 0–9, ".", "_" or "-", starting and ending with a letter or digit.',
  )
  .openapi({ example: 'ada_l' });

/** An email address as every body takes one: trimmed, at most 254 characters. */
export const Email = z
  .string()
  .trim()
  .max(254, 'At most 254 characters.')
  .pipe(z.email('Must be a valid email address.'))
  .openapi({ format: 'email', example: 'ada@example.com' });

/** The contract's one rule for a user id: a UUID. The guards and every DTO use this schema. */
export const UserId = z.uuid('Must be a UUID.');

export const UserIdInput = z.object({
  id: UserId.openapi({
    param: { name: 'id', in: 'path' },
    example: '0b6f1c2e-8f3a-4c1e-9d1a-2f9f4c1d2e3f',
  }),
});

export const UserRegistrationInput = z
  .strictObject({
    username: Username,
    email: Email,
    password: z
      .string()
      .min(PASSWORD_MIN_LENGTH, `At least ${PASSWORD_MIN_LENGTH} characters.`)
      .max(PASSWORD_MAX_LENGTH, `At most ${PASSWORD_MAX_LENGTH} characters.`)
      .openapi({ format: 'password' }),
  })
  .superRefine(({ username, password }, ctx) => {
    if (passwordContainsUsername(password, username)) {
      ctx.addIssue({ code: 'custom', path: ['password'], message: PASSWORD_CONTAINS_USERNAME });
    }
  })
  .openapi('UserRegistrationInput');
export type UserRegistrationInput = z.infer<typeof UserRegistrationInput>;

export const UserUpdateInput = z
  .strictObject({ username: Username.optional(), email: Email.optional() })
  .refine((input) => input.username !== undefined || input.email !== undefined, {
    message: 'Send at least one of username, email.',
  })
  .openapi('UserUpdateInput', { minProperties: 1 });
export type UserUpdateInput = z.infer<typeof UserUpdateInput>;

/** An admin gives a user a role (`PUT /users/{id}/role`). */
export const UserRoleInput = z
  .strictObject({ role: z.enum(USER_ROLES).openapi({ example: 'admin' }) })
  .openapi('UserRoleInput');
export type UserRoleInput = z.infer<typeof UserRoleInput>;

const Timestamp = z.iso.datetime({ offset: true, error: 'Must be an RFC 3339 date-time.' });

export const UserSearchInput = z
  .strictObject({
    username: z
      .string()
      .min(1)
      .max(32)
      .optional()
      .openapi({ description: 'Case-insensitive contains' }),
    email: Email.optional().openapi({ description: 'Exact match' }),
    status: z.enum(USER_STATUSES).optional(),
    createdFrom: Timestamp.optional().openapi({
      description: 'Inclusive lower bound on createdAt',
    }),
    createdTo: Timestamp.optional().openapi({ description: 'Inclusive upper bound on createdAt' }),
    page: z.coerce.number().int().min(1).default(1),
    pageSize: z.coerce.number().int().min(1).max(100).default(20),
    sort: z.enum(USER_SORTS).default('-createdAt'),
  })
  .superRefine((query, ctx) => {
    if (query.page * query.pageSize > 10_000) {
      ctx.addIssue({
        code: 'custom',
        path: ['page'],
        message: 'page × pageSize must not exceed 10,000; narrow the search instead.',
      });
    }
    // Stryker disable ConditionalExpression,LogicalOperator: equivalent mutants — a missing bound parses as NaN, and NaN compares false
    const reversed =
      query.createdFrom &&
      query.createdTo &&
      Date.parse(query.createdFrom) > Date.parse(query.createdTo);
    // Stryker restore ConditionalExpression,LogicalOperator
    if (reversed) {
      ctx.addIssue({
        code: 'custom',
        path: ['createdTo'],
        message: 'Must not be before createdFrom.',
      });
    }
  });
export type UserSearchInput = z.infer<typeof UserSearchInput>;

export const UserOutput = z
  .object({
    id: UserId,
    username: z.string(),
    email: z.email(),
    role: z.enum(USER_ROLES),
    status: z.enum(USER_STATUSES),
    emailVerified: z.boolean().openapi({
      description: 'Whether the user followed the verification link sent to this email',
    }),
    mfaEnabled: z.boolean().openapi({ description: 'Log-in asks for a TOTP code too' }),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
    lastLoginAt: z.iso.datetime().nullable(),
  })
  .openapi('UserOutput');
export type UserOutput = z.infer<typeof UserOutput>;

export const UserSearchOutput = z
  .object({
    items: z.array(UserOutput),
    page: z.number().int(),
    pageSize: z.number().int(),
    total: z.number().int(),
  })
  .openapi('UserSearchOutput');
export type UserSearchOutput = z.infer<typeof UserSearchOutput>;
