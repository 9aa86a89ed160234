import type {
  StoreRefreshTokenCommand,
  RefreshTokenResponse,
} from '../../src/models/dtos/auth/repository/auth.repository.dtos.ts';
import { countLoginAttempt } from '../../src/models/entities/user.ts';
import type { AuthRepository } from '../../src/repositories/auth/auth.repository.port.ts';
import type { InMemoryUserRepository } from './in-memory-user.repository.ts';

interface StoredToken extends RefreshTokenResponse {
  readonly tokenHash: string;
}

/** An in-memory `AuthRepository` over the same rows as an `InMemoryUserRepository`. */
export class InMemoryAuthRepository implements AuthRepository {
  readonly tokens = new Map<string, StoredToken>();

  private readonly users: InMemoryUserRepository;

  constructor(users: InMemoryUserRepository) {
    this.users = users;
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
          : r.email === query.email),
    );
    return Promise.resolve(
      row && { id: row.id, role: row.role, status: row.status, passwordHash: row.passwordHash },
    );
  };

  claimLoginAttempt: AuthRepository['claimLoginAttempt'] = ({ userId, now }) => {
    const row = this.users.rows.get(userId);
    if (!row || row.deletedAt !== null) return Promise.resolve(undefined);
    const next = countLoginAttempt(row, now);
    this.users.change(userId, next);
    return Promise.resolve({ attempt: next.failedLoginCount, lockedUntil: next.lockedUntil });
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

  findRefreshToken: AuthRepository['findRefreshToken'] = (tokenHash) =>
    Promise.resolve([...this.tokens.values()].find((t) => t.tokenHash === tokenHash));

  rotateRefreshToken: AuthRepository['rotateRefreshToken'] = ({ retiredId, next, now }) => {
    const current = this.tokens.get(retiredId);
    if (!current || current.usedAt !== null || current.revokedAt !== null)
      return Promise.resolve(false);
    this.tokens.set(retiredId, { ...current, usedAt: now });
    this.store(next);
    return Promise.resolve(true);
  };

  revokeFamily: AuthRepository['revokeFamily'] = ({ familyId, now }) => {
    for (const [id, token] of this.tokens) {
      if (token.familyId === familyId && token.revokedAt === null)
        this.tokens.set(id, { ...token, revokedAt: now });
    }
    return Promise.resolve();
  };

  private store(token: StoreRefreshTokenCommand): void {
    this.tokens.set(token.id, {
      id: token.id,
      userId: token.userId,
      familyId: token.familyId,
      tokenHash: token.tokenHash,
      expiresAt: token.expiresAt,
      usedAt: null,
      revokedAt: null,
    });
  }
}
