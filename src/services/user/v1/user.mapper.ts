import type { UserResponse } from '../../../models/dtos/user/repository/user.repository.dtos.ts';
import type { UserOutput } from '../../../models/dtos/user/v1/user.v1.dtos.ts';
import { isoTime } from '../../../kit/time/iso-time.ts';

/** `UserResponse` (internal) → `UserOutput` (v1): only the fields v1 shows, times as RFC 3339. */
export function toUserOutput(user: UserResponse): UserOutput {
  return {
    id: user.id,
    username: user.username,
    email: user.email,
    role: user.role,
    status: user.status,
    emailVerified: user.emailVerified,
    mfaEnabled: user.mfaEnabled,
    createdAt: isoTime(user.createdAt),
    updatedAt: isoTime(user.updatedAt),
    lastLoginAt: user.lastLoginAt ? isoTime(user.lastLoginAt) : null,
  };
}
