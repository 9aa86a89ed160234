import type { UniqueUserField } from '../../../models/errors/user.errors.ts';

/** Which field each unique index of `users` protects (an expression index names itself). */
const fieldByIndex: Readonly<Record<string, UniqueUserField>> = {
  users_username_live_uq: 'username',
  users_email_live_uq: 'email',
};

/**
 * The field whose unique index `error` violated, or undefined when it is another error.
 * Drizzle wraps the driver's error in `DrizzleQueryError.cause`; embedded libSQL and libSQL
 * over HTTP use different codes but both say `UNIQUE constraint failed: index '…'` (or
 * `users.email` for a plain column index), so the message is what is read.
 */
export function violatedUniqueField(error: unknown): UniqueUserField | undefined {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    const match = /UNIQUE constraint failed: (?:index '([^']+)'|users\.(\w+))/.exec(e.message);
    if (!match) continue;
    if (match[1] !== undefined) return fieldByIndex[match[1]];
    if (match[2] === 'username' || match[2] === 'email') return match[2];
  }
  return undefined;
}
