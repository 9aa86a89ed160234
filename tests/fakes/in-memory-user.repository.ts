import type {
  CreateUserCommand,
  GetUserByIdQuery,
  SearchUsersQuery,
  UserPageResponse,
  UserResponse,
} from '../../src/models/dtos/user/repository/user.repository.dtos.ts';
import type { RefreshTokenResponse } from '../../src/models/dtos/auth/repository/auth.repository.dtos.ts';
import type {
  OutboxEmailCommand,
  OutboxEmailResponse,
  StoreOneTimeTokenCommand,
} from '../../src/models/dtos/email/repository/email.repository.dtos.ts';
import { UserAlreadyExistsError } from '../../src/models/errors/user.errors.ts';
import type { UserRepository } from '../../src/repositories/user/user.repository.port.ts';

/** A refresh token row as the fakes store it (the auth fake writes them, delete revokes them). */
export interface StoredRefreshToken extends RefreshTokenResponse {
  readonly tokenHash: string;
}

/** A session row as the fakes store it. */
export interface StoredSession {
  readonly id: string;
  readonly userId: string;
  readonly createdAt: Date;
  readonly lastUsedAt: Date;
  readonly expiresAt: Date;
  readonly userAgent: string | null;
  readonly endedAt: Date | null;
}

/** A one-time token row as the fakes store it. */
export interface StoredOneTimeToken extends StoreOneTimeTokenCommand {
  readonly usedAt: Date | null;
}

/** A user's TOTP factor as the fakes store it. */
export interface StoredTotp {
  sealedSecret: string;
  confirmedAt: Date | null;
  lastStep: number | null;
}

/** A recovery code as the fakes store it. */
export interface StoredRecoveryCode {
  readonly codeHash: string;
  usedAt: Date | null;
}

/** A user row as the fake stores it: the public fields and the credential columns. */
export interface StoredUser extends UserResponse {
  readonly passwordHash: string;
  readonly failedLoginCount: number;
  readonly failedLoginWindowAt: Date | null;
  readonly lockedUntil: Date | null;
  readonly deletedAt: Date | null;
}

/** Runs `write` as the port's promise: a refusal rejects, as the database's does, never throws. */
function asPromise<T>(write: () => T): Promise<T> {
  try {
    return Promise.resolve(write());
  } catch (error) {
    return Promise.reject(error instanceof Error ? error : new Error(String(error)));
  }
}

const toPublic = ({
  passwordHash: _p,
  failedLoginCount: _f,
  failedLoginWindowAt: _w,
  lockedUntil: _l,
  deletedAt: _d,
  ...user
}: StoredUser): UserResponse => user;

/**
 * An in-memory `UserRepository` with the database's semantics: case-insensitive unique
 * username and email among live users, soft delete and suspension (which end the user's
 * sessions, as the adapter's batches do), the outbox and verification token a
 * registration or an email change writes, the search filters and sorts. The port contract
 * suites (`tests/integration/*-repository.port.test.ts`) hold it to the Drizzle adapter.
 */
export class InMemoryUserRepository implements UserRepository {
  readonly rows = new Map<string, StoredUser>();
  /** The refresh token table, shared with `InMemoryAuthRepository`. */
  readonly tokens = new Map<string, StoredRefreshToken>();
  /** The session, one-time token and outbox tables, shared with the other fakes. */
  readonly sessions = new Map<string, StoredSession>();
  readonly oneTimeTokens = new Map<string, StoredOneTimeToken>();
  readonly outbox = new Map<string, OutboxEmailResponse>();
  /** The second factor's tables: `InMemoryMfaRepository` keeps them, a log-in spends a code. */
  readonly totp = new Map<string, StoredTotp>();
  readonly recoveryCodes = new Map<string, StoredRecoveryCode[]>();

  /** The fake of `endSessionsStatements`: ends sessions and revokes their refresh tokens. */
  endSessions(userId: string, now: Date, sessionId?: string): number {
    let ended = 0;
    for (const session of this.sessions.values()) {
      if (session.userId !== userId || session.endedAt !== null) continue;
      if (sessionId !== undefined && session.id !== sessionId) continue;
      this.sessions.set(session.id, { ...session, endedAt: now });
      ended++;
    }
    for (const [tokenId, token] of this.tokens) {
      if (token.userId !== userId || token.revokedAt !== null) continue;
      if (sessionId !== undefined && token.familyId !== sessionId) continue;
      this.tokens.set(tokenId, { ...token, revokedAt: now });
    }
    return ended;
  }

  /** The fake of `retireOneTimeTokens`. */
  retireOneTimeTokens(
    userId: string,
    purpose: StoreOneTimeTokenCommand['purpose'],
    now: Date,
  ): void {
    for (const old of this.oneTimeTokens.values()) {
      if (old.userId === userId && old.purpose === purpose && old.usedAt === null) {
        this.oneTimeTokens.set(old.id, { ...old, usedAt: now });
      }
    }
  }

  /** The fake of `oneTimeTokenStatements`: retire the older ones, store this one. */
  storeOneTimeToken(token: StoreOneTimeTokenCommand, now: Date): void {
    this.retireOneTimeTokens(token.userId, token.purpose, now);
    this.oneTimeTokens.set(token.id, { ...token, usedAt: null });
  }

  /** The fake of `outboxInsert`. */
  queueEmails(emails: readonly OutboxEmailCommand[], now: Date): void {
    for (const email of emails) {
      this.outbox.set(email.id, {
        ...email,
        attempts: 0,
        createdAt: now,
        nextAttemptAt: now,
        sentAt: null,
        failedAt: null,
        lastError: null,
      });
    }
  }

  private live(): StoredUser[] {
    return [...this.rows.values()].filter((row) => row.deletedAt === null);
  }

  private assertUnique(id: string, username?: string, email?: string): void {
    for (const row of this.live()) {
      if (row.id === id) continue;
      if (username !== undefined && row.username.toLowerCase() === username.toLowerCase()) {
        throw new UserAlreadyExistsError('username');
      }
      if (email !== undefined && row.email.toLowerCase() === email.toLowerCase()) {
        throw new UserAlreadyExistsError('email');
      }
    }
  }

  create: UserRepository['create'] = (command) => asPromise(() => this.insert(command));

  private insert(command: CreateUserCommand): UserResponse {
    this.assertUnique(command.id, command.username, command.email);
    const row: StoredUser = {
      id: command.id,
      username: command.username,
      email: command.email,
      passwordHash: command.passwordHash,
      role: command.role,
      status: 'active',
      emailVerified: false,
      createdAt: command.now,
      updatedAt: command.now,
      lastLoginAt: null,
      mfaEnabled: false,
      failedLoginCount: 0,
      failedLoginWindowAt: null,
      lockedUntil: null,
      deletedAt: null,
    };
    this.rows.set(row.id, row);
    if (command.verification) this.storeOneTimeToken(command.verification, command.now);
    this.queueEmails(command.emails ?? [], command.now);
    return toPublic(row);
  }

  findById: UserRepository['findById'] = ({ id }) => {
    const row = this.rows.get(id);
    return Promise.resolve(row && row.deletedAt === null ? toPublic(row) : undefined);
  };

  search: UserRepository['search'] = (query: SearchUsersQuery) => {
    const matches = this.live().filter(
      (row) =>
        (query.username === undefined ||
          row.username.toLowerCase().includes(query.username.toLowerCase())) &&
        (query.email === undefined || row.email.toLowerCase() === query.email) &&
        (query.status === undefined || row.status === query.status) &&
        (query.createdFrom === undefined || row.createdAt >= query.createdFrom) &&
        (query.createdTo === undefined || row.createdAt <= query.createdTo),
    );
    const descending = query.sort.startsWith('-');
    const key = (row: StoredUser) =>
      query.sort.endsWith('username') ? row.username.toLowerCase() : row.createdAt.toISOString();
    matches.sort((a, b) => {
      const order = key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : a.id < b.id ? -1 : 1;
      return descending ? -order : order;
    });
    const page: UserPageResponse = {
      items: matches.slice(query.offset, query.offset + query.limit).map(toPublic),
      total: matches.length,
    };
    return Promise.resolve(page);
  };

  /** Applies `patch` to a live user; undefined when there is none. */
  change(id: string, patch: Partial<StoredUser>): UserResponse | undefined {
    const row = this.rows.get(id);
    if (!row || row.deletedAt !== null) return undefined;
    const next = { ...row, ...patch };
    this.rows.set(id, next);
    return toPublic(next);
  }

  update: UserRepository['update'] = ({ id, username, email, now, emailChange }) =>
    asPromise(() => {
      this.assertUnique(id, username, email);
      const changed = this.change(id, {
        ...(username === undefined ? {} : { username }),
        ...(email === undefined ? {} : { email }),
        ...(emailChange ? { emailVerified: false } : {}),
        updatedAt: now,
      });
      if (emailChange && changed) {
        this.storeOneTimeToken(emailChange.verification, now);
        this.retireOneTimeTokens(id, 'password-reset', now);
        this.queueEmails(emailChange.emails, now);
      }
      return changed;
    });

  /** The adapter's admin safety: true when `id` is not an active admin, or another one is. */
  private anotherAdminRemains(id: string): boolean {
    const row = this.rows.get(id);
    if (!row || row.role !== 'admin' || row.status !== 'active') return true;
    return this.live().some(
      (other) => other.id !== id && other.role === 'admin' && other.status === 'active',
    );
  }

  changeStatus: UserRepository['changeStatus'] = ({ id, status, now }) => {
    if (status !== 'active' && !this.anotherAdminRemains(id)) return Promise.resolve(undefined);
    const changed = this.change(id, { status, updatedAt: now });
    if (changed && status === 'suspended') this.endSessions(id, now);
    return Promise.resolve(changed);
  };

  changeRole: UserRepository['changeRole'] = ({ id, role, now }) =>
    Promise.resolve(
      role === 'admin' || this.anotherAdminRemains(id)
        ? this.change(id, { role, updatedAt: now })
        : undefined,
    );

  delete: UserRepository['delete'] = ({ id, now }) => {
    if (!this.anotherAdminRemains(id)) return Promise.resolve(false);
    const deleted = this.change(id, { deletedAt: now, updatedAt: now }) !== undefined;
    if (deleted) this.endSessions(id, now);
    return Promise.resolve(deleted);
  };
}

/** Records every `findById` query `users` answers from now on: which reads were fresh. */
export function recordReads(users: Pick<UserRepository, 'findById'>): GetUserByIdQuery[] {
  const reads: GetUserByIdQuery[] = [];
  const findById = users.findById;
  users.findById = (query) => {
    reads.push(query);
    return findById(query);
  };
  return reads;
}
