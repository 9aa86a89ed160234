import type {
  AccountFailureWindow,
  RefreshTokenResponse,
  StartSessionCommand,
  SecondFactorSpend,
  StoreRefreshTokenCommand,
} from '../../src/models/dtos/auth/repository/auth.repository.dtos.ts';
import type { AuthRepository } from '../../src/repositories/auth/auth.repository.port.ts';
import type { InMemoryUserRepository, StoredRefreshToken } from './in-memory-user.repository.ts';

/** The adapter's `oneMoreFailure`: a window's count after one more failure, and its lock. */
function oneMoreFailure(
  row: { count: number; windowAt: Date | null; lockedUntil: Date | null } | undefined,
  { now, windowStartedAfter, maxFailures, lockUntil }: AccountFailureWindow,
): { count: number; windowAt: Date; lockedUntil: Date | null } {
  const windowOver = !row || row.windowAt === null || row.windowAt <= windowStartedAfter;
  const count = windowOver ? 1 : row.count + 1;
  const held = row?.lockedUntil ?? null;
  const lockHolds = held !== null && held > now;
  const lockedUntil = lockHolds ? held : count >= maxFailures ? lockUntil : held;
  return { count, windowAt: windowOver ? now : (row.windowAt ?? now), lockedUntil };
}

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

  findPrincipal: AuthRepository['findPrincipal'] = ({ userId, sessionId, now }) => {
    const row = this.users.rows.get(userId);
    const session = this.users.sessions.get(sessionId);
    const live =
      row &&
      row.deletedAt === null &&
      session &&
      session.userId === userId &&
      session.endedAt === null &&
      session.expiresAt > now;
    return Promise.resolve(live ? { id: row.id, role: row.role, status: row.status } : undefined);
  };

  findCredentials: AuthRepository['findCredentials'] = (query) => {
    const row = [...this.users.rows.values()].find(
      (r) =>
        r.deletedAt === null &&
        ('username' in query
          ? r.username.toLowerCase() === query.username.toLowerCase()
          : 'email' in query
            ? r.email.toLowerCase() === query.email
            : r.id === query.id),
    );
    return Promise.resolve(
      row && {
        id: row.id,
        username: row.username,
        email: row.email,
        role: row.role,
        status: row.status,
        passwordHash: row.passwordHash,
        lockedUntil: row.lockedUntil,
        mfaEnabled: row.mfaEnabled,
      },
    );
  };

  /** The (subject, address) attempt counters, as the adapter's login_attempts table. */
  readonly attempts = new Map<
    string,
    { attempt: number; lockedUntil: Date | null; attemptedAt: Date }
  >();

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
    this.attempts.set(key, { attempt, lockedUntil, attemptedAt: now });
    return Promise.resolve({ attempt, lockedUntil });
  };

  pruneLoginAttempts: AuthRepository['pruneLoginAttempts'] = ({ before, now }) => {
    let pruned = 0;
    for (const [key, row] of this.attempts) {
      const lockHolds = row.lockedUntil !== null && row.lockedUntil > now;
      if (row.attemptedAt < before && !lockHolds) {
        this.attempts.delete(key);
        pruned++;
      }
    }
    return Promise.resolve(pruned);
  };

  resetLoginAttempts: AuthRepository['resetLoginAttempts'] = ({ subject, address }) => {
    this.attempts.delete(`${subject} ${address}`);
    return Promise.resolve();
  };

  /** The adapter's upsert of an unknown login's window and lock: its `*` row of the counters. */
  recordUnknownLoginFailure: AuthRepository['recordUnknownLoginFailure'] = ({
    subject,
    ...window
  }) => {
    const key = `${subject} *`;
    const row = this.attempts.get(key);
    const next = oneMoreFailure(
      row && { count: row.attempt, windowAt: row.attemptedAt, lockedUntil: row.lockedUntil },
      window,
    );
    this.attempts.set(key, {
      attempt: next.count,
      lockedUntil: next.lockedUntil,
      attemptedAt: next.windowAt,
    });
    return Promise.resolve(next.lockedUntil);
  };

  findUnknownLoginLock: AuthRepository['findUnknownLoginLock'] = (subject) =>
    Promise.resolve(this.attempts.get(`${subject} *`)?.lockedUntil ?? null);

  /** The adapter's one UPDATE of the account-wide window and lock. */
  recordLoginFailure: AuthRepository['recordLoginFailure'] = ({ userId, ...window }) => {
    const row = this.users.rows.get(userId);
    if (!row) return Promise.resolve(null);
    const next = oneMoreFailure(
      {
        count: row.failedLoginCount,
        windowAt: row.failedLoginWindowAt,
        lockedUntil: row.lockedUntil,
      },
      window,
    );
    this.users.rows.set(userId, {
      ...row,
      failedLoginCount: next.count,
      failedLoginWindowAt: next.windowAt,
      lockedUntil: next.lockedUntil,
    });
    return Promise.resolve(next.lockedUntil);
  };

  completeLogin: AuthRepository['completeLogin'] = ({
    userId,
    address,
    now,
    session,
    refreshToken,
    secondFactor,
  }) => {
    if (secondFactor && !this.spendSecondFactor(userId, secondFactor, now))
      return Promise.resolve(false);
    this.attempts.delete(`${userId} ${address}`);
    this.users.change(userId, { lastLoginAt: now });
    this.startSession(userId, now, session, refreshToken);
    return Promise.resolve(true);
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
    const session = this.users.sessions.get(next.familyId);
    if (session && session.endedAt === null) {
      this.users.sessions.set(session.id, {
        ...session,
        lastUsedAt: now,
        expiresAt: next.expiresAt,
      });
    }
    return Promise.resolve(true);
  };

  revokeFamily: AuthRepository['revokeFamily'] = ({ familyId, now }) => {
    for (const [id, token] of this.users.tokens) {
      if (token.familyId === familyId && token.revokedAt === null) {
        this.users.tokens.set(id, { ...token, revokedAt: now });
      }
    }
    const session = this.users.sessions.get(familyId);
    if (session && session.endedAt === null) {
      this.users.sessions.set(familyId, { ...session, endedAt: now });
    }
    return Promise.resolve();
  };

  listSessions: AuthRepository['listSessions'] = ({ userId, now }) =>
    Promise.resolve(
      [...this.users.sessions.values()]
        .filter((s) => s.userId === userId && s.endedAt === null && s.expiresAt > now)
        .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : -1))
        .map(({ id, createdAt, lastUsedAt, expiresAt, userAgent }) => ({
          id,
          createdAt,
          lastUsedAt,
          expiresAt,
          userAgent,
        })),
    );

  endSession: AuthRepository['endSession'] = ({ userId, sessionId, now }) => {
    const session = this.users.sessions.get(sessionId);
    if (session === undefined || session.expiresAt <= now) return Promise.resolve(false);
    return Promise.resolve(this.users.endSessions(userId, now, sessionId) > 0);
  };

  endAllSessions: AuthRepository['endAllSessions'] = ({ userId, now }) => {
    this.users.endSessions(userId, now);
    return Promise.resolve();
  };

  changePassword: AuthRepository['changePassword'] = (command) => {
    const { userId, passwordHash, address, now } = command;
    this.attempts.delete(`${userId} ${address}`);
    this.replacePassword(userId, passwordHash, now);
    this.startSession(userId, now, command.session, command.refreshToken);
    return Promise.resolve();
  };

  /**
   * A new password: the account's failure counts and lock cleared, every session ended,
   * every unused password-reset token retired.
   */
  private replacePassword(userId: string, passwordHash: string, now: Date): void {
    this.users.change(userId, {
      passwordHash,
      failedLoginCount: 0,
      failedLoginWindowAt: null,
      lockedUntil: null,
      updatedAt: now,
    });
    this.users.endSessions(userId, now);
    this.users.retireOneTimeTokens(userId, 'password-reset', now);
  }

  setPassword: AuthRepository['setPassword'] = ({ userId, passwordHash, now }) => {
    this.clearAttemptsOf(userId);
    this.replacePassword(userId, passwordHash, now);
    return Promise.resolve();
  };

  issueOneTimeToken: AuthRepository['issueOneTimeToken'] = ({ token, email, now }) => {
    const user = this.users.rows.get(token.userId);
    if (user?.deletedAt !== null || user.email !== email.to) return Promise.resolve();
    this.users.storeOneTimeToken(token, now);
    this.users.queueEmails([email], now);
    return Promise.resolve();
  };

  findOneTimeToken: AuthRepository['findOneTimeToken'] = ({ tokenHash, purpose }) => {
    const found = [...this.users.oneTimeTokens.values()].find(
      (t) => t.tokenHash === tokenHash && t.purpose === purpose,
    );
    return Promise.resolve(
      found && {
        id: found.id,
        userId: found.userId,
        expiresAt: found.expiresAt,
        usedAt: found.usedAt,
      },
    );
  };

  resetPassword: AuthRepository['resetPassword'] = ({ tokenId, userId, passwordHash, now }) => {
    if (!this.spend(tokenId, now)) return Promise.resolve(false);
    this.clearAttemptsOf(userId);
    this.replacePassword(userId, passwordHash, now);
    return Promise.resolve(true);
  };

  verifyEmail: AuthRepository['verifyEmail'] = ({ tokenId, userId, now }) => {
    if (!this.spend(tokenId, now)) return Promise.resolve(false);
    this.users.change(userId, { emailVerified: true, updatedAt: now });
    return Promise.resolve(true);
  };

  /** Every (user, address) count and lock of the user, as the adapter's delete by subject. */
  private clearAttemptsOf(userId: string): void {
    for (const key of [...this.attempts.keys()]) {
      if (key.startsWith(`${userId} `)) this.attempts.delete(key);
    }
  }

  /** Uses the token if it is unused and unexpired, as the adapter's guarded batch does. */
  private spend(tokenId: string, now: Date): boolean {
    const token = this.users.oneTimeTokens.get(tokenId);
    if (!token || token.usedAt !== null || token.expiresAt <= now) return false;
    this.users.oneTimeTokens.set(tokenId, { ...token, usedAt: now });
    return true;
  }

  /** The fake of the log-in batch's spend: a later TOTP step, or an unused recovery code. */
  private spendSecondFactor(userId: string, spend: SecondFactorSpend, now: Date): boolean {
    if (spend.kind === 'totp') {
      const totp = this.users.totp.get(userId);
      if (!totp || totp.confirmedAt === null || (totp.lastStep ?? -Infinity) >= spend.step) {
        return false;
      }
      totp.lastStep = spend.step;
      return true;
    }
    const code = this.users.recoveryCodes
      .get(userId)
      ?.find((c) => c.codeHash === spend.codeHash && c.usedAt === null);
    if (code) code.usedAt = now;
    return code !== undefined;
  }

  private startSession(
    userId: string,
    now: Date,
    session: StartSessionCommand,
    refreshToken: StoreRefreshTokenCommand,
  ): void {
    this.users.sessions.set(session.id, {
      ...session,
      userId,
      createdAt: now,
      lastUsedAt: now,
      expiresAt: refreshToken.expiresAt,
      endedAt: null,
    });
    this.store(refreshToken);
  }

  private store(token: StoreRefreshTokenCommand): void {
    this.users.tokens.set(token.id, { ...token, usedAt: null, revokedAt: null });
  }
}
