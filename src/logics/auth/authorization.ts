import type { UserRole } from '../../models/entities/user.ts';

/** Who is calling, as the database says now (not as the token said when it was issued). */
export interface Principal {
  readonly id: string;
  readonly role: UserRole;
  /** The session the access token names. */
  readonly sessionId: string;
}

/** The rules of the contract's "who" column. */
export type AccessRule = 'signed-in' | 'self' | 'self-or-admin' | 'admin';

/**
 * Whether `principal` may act under `rule` on the user `targetId`: any signed-in user for
 * `signed-in`; only the user themself for `self`; the user themself or an admin for `self-or-admin`; only an admin for `admin`.
 *
 * @example
 * authorize({ id: 'u1', role: 'user', sessionId: 's1' }, 'self-or-admin', 'u2'); // false
 */
export function authorize(principal: Principal, rule: AccessRule, targetId?: string): boolean {
  switch (rule) {
    case 'signed-in':
      return true;
    case 'self':
      return principal.id === targetId;
    case 'self-or-admin':
      return principal.role === 'admin' || principal.id === targetId;
    case 'admin':
      return principal.role === 'admin';
  }
}
