import type {
  RefreshTokenResponse,
  StoreRefreshTokenCommand,
} from '../../src/models/dtos/auth/repository/auth.repository.dtos.ts';
import type { AuthRepository } from '../../src/repositories/auth/auth.repository.port.ts';
import type { InMemoryUserRepository, StoredRefreshToken } from './in-memory-user.repository.ts';

/** A token as the port answers it: never its hash. */
const withoutHash = ({ tokenHash: _hash, ...token }: StoredRefreshToken): RefreshTokenResponse =>
  token;

/**
 * An in-memory `AuthRepository` over the same rows as an `InMemoryUserRepository`. It
 * decides nothing itself: like the SQL it stands in for, it applies the limit and the lock
 * the logic passes. `tests/integration/auth-repository.port.test.ts` holds it to the adapter.
 */
export class InMemoryAuthRepository implements AuthRepository {
  private readonly users: InMemoryUserRepository;

  constructor(users: InMemoryUserRepository) {
    this.users = users;
  }

  /** The refresh tokens stored so far, by id. */
  get tokens(): ReadonlyMap<string, StoredRefreshToken> {
    return this.users.tokens;
  }

  findPrincipal: AuthRepository['findPrincipal'] = (userId) => {
    const row = this.users.rows.get(userId);
    return Promise.resolve(
      row && row.deletedAt === null
        ? { id: row.id, role: row.role, status: row.status }
        : undefined,
    );
  };

  findCredentials: AuthRepository['findCredentials'] = (query) => {
    const row = [...this.users.rows.values()].find(
      (r) =>
        r.deletedAt === null &&
        ('username' in query
          ? r.username.toLowerCase() === query.username.toLowerCase()
          : r.email.toLowerCase() === query.email),
    );
    return Promise.resolve(
      row && { id: row.id, role: row.role, status: row.status, passwordHash: row.passwordHash },
    );
  };

  /** The adapter's one UPDATE, step by step: restart after a lock ran out, lock at the limit. */
  claimLoginAttempt: AuthRepository['claimLoginAttempt'] = ({
    userId,
    now,
    lockUntil,
    maxAttempts,
  }) => {
    const row = this.users.rows.get(userId);
    if (!row || row.deletedAt !== null) return Promise.resolve(undefined);
    const lockRanOut = row.lockedUntil !== null && row.lockedUntil <= now;
    const attempt = lockRanOut ? 1 : row.failedLoginCount + 1;
    const lockHolds = row.lockedUntil !== null && row.lockedUntil > now;
    const lockedUntil = lockHolds ? row.lockedUntil : attempt >= maxAttempts ? lockUntil : null;
    this.users.change(userId, { failedLoginCount: attempt, lockedUntil });
    return Promise.resolve({ attempt, lockedUntil });
  };

  resetLoginAttempts: AuthRepository['resetLoginAttempts'] = (userId) => {
    this.users.change(userId, { failedLoginCount: 0, lockedUntil: null });
    return Promise.resolve();
  };

  completeLogin: AuthRepository['completeLogin'] = ({ userId, now, refreshToken }) => {
    this.users.change(userId, { failedLoginCount: 0, lockedUntil: null, lastLoginAt: now });
    this.store(refreshToken);
    return Promise.resolve();
  };

  findRefreshToken: AuthRepository['findRefreshToken'] = (tokenHash) => {
    const found = [...this.users.tokens.values()].find((t) => t.tokenHash === tokenHash);
    return Promise.resolve(found && withoutHash(found));
  };

  rotateRefreshToken: AuthRepository['rotateRefreshToken'] = ({ retiredId, next, now }) => {
    const current = this.users.tokens.get(retiredId);
    if (!current || current.usedAt !== null || current.revokedAt !== null) {
      return Promise.resolve(false);
    }
    this.users.tokens.set(retiredId, { ...current, usedAt: now });
    this.store(next);
    return Promise.resolve(true);
  };

  revokeFamily: AuthRepository['revokeFamily'] = ({ familyId, now }) => {
    for (const [id, token] of this.users.tokens) {
      if (token.familyId === familyId && token.revokedAt === null) {
        this.users.tokens.set(id, { ...token, revokedAt: now });
      }
    }
    return Promise.resolve();
  };

  private store(token: StoreRefreshTokenCommand): void {
    this.users.tokens.set(token.id, { ...token, usedAt: null, revokedAt: null });
  }
}
