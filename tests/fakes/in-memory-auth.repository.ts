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
      row && {
        id: row.id,
        role: row.role,
        status: row.status,
        passwordHash: row.passwordHash,
        lockedUntil: row.lockedUntil,
        mfaEnabled: row.mfaEnabled,
      },
    );
  };

  /** The (subject, address) attempt counters, as the adapter's login_attempts table. */
  readonly attempts = new Map<string, { attempt: number; lockedUntil: Date | null }>();

  /** The adapter's one upsert, step by step: restart after a lock ran out, lock at the limit. */
  claimLoginAttempt: AuthRepository['claimLoginAttempt'] = ({
    subject,
    address,
    now,
    lockUntil,
    maxAttempts,
  }) => {
    const key = `${subject} ${address}`;
    const row = this.attempts.get(key) ?? { attempt: 0, lockedUntil: null };
    const lockRanOut = row.lockedUntil !== null && row.lockedUntil <= now;
    const attempt = lockRanOut ? 1 : row.attempt + 1;
    const lockHolds = row.lockedUntil !== null && row.lockedUntil > now;
    const lockedUntil = lockHolds ? row.lockedUntil : attempt >= maxAttempts ? lockUntil : null;
    this.attempts.set(key, { attempt, lockedUntil });
    return Promise.resolve({ attempt, lockedUntil });
  };

  resetLoginAttempts: AuthRepository['resetLoginAttempts'] = ({ subject, address }) => {
    this.attempts.delete(`${subject} ${address}`);
    return Promise.resolve();
  };

  /** The adapter's one UPDATE of the account-wide window and lock. */
  recordLoginFailure: AuthRepository['recordLoginFailure'] = ({
    userId,
    now,
    windowStartedAfter,
    maxFailures,
    lockUntil,
  }) => {
    const row = this.users.rows.get(userId);
    if (!row) return Promise.resolve(null);
    const windowOver =
      row.failedLoginWindowAt === null || row.failedLoginWindowAt <= windowStartedAfter;
    const failures = windowOver ? 1 : row.failedLoginCount + 1;
    const lockHolds = row.lockedUntil !== null && row.lockedUntil > now;
    const lockedUntil = lockHolds
      ? row.lockedUntil
      : failures >= maxFailures
        ? lockUntil
        : row.lockedUntil;
    this.users.rows.set(userId, {
      ...row,
      failedLoginCount: failures,
      failedLoginWindowAt: windowOver ? now : row.failedLoginWindowAt,
      lockedUntil,
    });
    return Promise.resolve(lockedUntil);
  };

  completeLogin: AuthRepository['completeLogin'] = ({ userId, address, now, refreshToken }) => {
    this.attempts.delete(`${userId} ${address}`);
    this.users.change(userId, { lastLoginAt: now });
    this.store(refreshToken);
    return Promise.resolve();
  };

  upgradePasswordHash: AuthRepository['upgradePasswordHash'] = ({
    userId,
    expected,
    passwordHash,
  }) => {
    const row = this.users.rows.get(userId);
    if (row && row.passwordHash === expected) this.users.rows.set(userId, { ...row, passwordHash });
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
