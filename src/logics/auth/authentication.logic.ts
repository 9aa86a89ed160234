import type { AccessTokens } from '../../kit/auth/access-tokens.port.ts';
import { hashOneTimeToken, issueOneTimeToken } from '../../kit/auth/one-time-token.ts';
import { sha256 } from '../../kit/crypto/encoding.ts';
import type { PasswordHasher } from '../../kit/crypto/password.ts';
import { InvalidTokenError, UnauthenticatedError } from '../../kit/errors/catalogue.ts';
import {
  AccountDisabledError,
  InvalidCredentialsError,
  MfaRequiredError,
} from '../../models/errors/auth.errors.ts';
import type { Clock, IdGenerator } from '../../kit/runtime.ts';
import type {
  SecondFactorSpend,
  StoreRefreshTokenCommand,
} from '../../models/dtos/auth/repository/auth.repository.dtos.ts';
import { loginOutcome, normalizeEmail } from '../../models/entities/user.ts';
import type { AuthRepository } from '../../repositories/auth/auth.repository.port.ts';
import type { UserRepository } from '../../repositories/user/user.repository.port.ts';
import type { Principal } from './authorization.ts';
import { countFailure, openPairAttempt } from './lockout.ts';

export interface AuthenticationDeps {
  readonly auth: AuthRepository;
  readonly users: UserRepository;
  readonly passwords: PasswordHasher;
  readonly tokens: AccessTokens;
  readonly clock: Clock;
  readonly newId: IdGenerator;
  readonly refreshTokenTtlSeconds: number;
  /** Checks a log-in's second-factor code (TOTP or recovery) of a user who enabled one. */
  readonly secondFactor: SecondFactorCheck;
}

/** What log-in needs of the second factor: is this code good for this user now? */
export interface SecondFactorCheck {
  /** The code to spend when it is good (the log-in's batch spends it, once), else undefined. */
  verifyLogin(userId: string, code: string, now: Date): Promise<SecondFactorSpend | undefined>;
}

/** What a successful log-in or refresh answers. */
export interface SessionResponse {
  readonly accessToken: string;
  readonly refreshToken: string;
  readonly tokenType: 'Bearer';
  readonly expiresIn: number;
}

/** A new refresh token (clear, for the client) and what is stored of it (its hash). */
export async function newRefreshToken(
  deps: AuthenticationDeps,
  userId: string,
  familyId: string,
  now: Date,
): Promise<{ token: string; stored: StoreRefreshTokenCommand }> {
  // Random, stored only as a hash, expiring: the same making as a one-time token's.
  const { token, tokenHash, expiresAt } = await issueOneTimeToken(now, deps.refreshTokenTtlSeconds);
  return { token, stored: { id: deps.newId(), userId, familyId, tokenHash, expiresAt } };
}

/** The pair a client gets: an access token naming the session (`sid`), and the refresh token. */
export async function tokenPair(
  deps: Pick<AuthenticationDeps, 'tokens' | 'newId'>,
  user: { readonly id: string; readonly role: string },
  sessionId: string,
  refreshToken: string,
): Promise<SessionResponse> {
  const access = await deps.tokens.issue({
    sub: user.id,
    role: user.role,
    sid: sessionId,
    jti: deps.newId(),
  });
  return {
    accessToken: access.token,
    refreshToken,
    tokenType: 'Bearer',
    expiresIn: access.expiresIn,
  };
}

/** What a log-in sends: a login and password, a second-factor code, where it comes from. */
export interface LogInCommand {
  readonly login: string;
  readonly password: string;
  /** A TOTP code or a recovery code, for a user with a second factor. */
  readonly otp?: string | undefined;
  /** The client address (the lock counts per account and address); `unknown` when absent. */
  readonly clientAddress?: string;
  /** The client's `User-Agent`, kept with the session it starts. */
  readonly userAgent?: string | undefined;
}

/**
 * Logs in by username or email. Each attempt of an (account, client address) pair is
 * counted atomically before the password is checked; the fifth wrong one in a row locks that
 * pair for 15 minutes, so a stranger's guesses lock out the stranger, not the owner on
 * another address. Twenty failures in 15 minutes from any mix of addresses lock the account.
 * An unknown login costs one password hash and locks alike, so neither 401 nor 423 tells
 * whether an account exists. A user with a second factor must send a code (`otp`).
 *
 * @throws {InvalidCredentialsError} unknown login, wrong password or wrong code.
 * @throws {AccountLockedError} with `retryAfterSeconds`, while locked.
 * @throws {AccountDisabledError} a suspended user with the right password.
 * @throws {MfaRequiredError} the right password, no code, and a second factor enabled.
 */
export const logIn =
  (deps: AuthenticationDeps) =>
  async ({
    login,
    password,
    otp,
    clientAddress,
    userAgent,
  }: LogInCommand): Promise<SessionResponse> => {
    const account = await deps.auth.findCredentials(
      login.includes('@') ? { email: normalizeEmail(login) } : { username: login.trim() },
    );
    const now = deps.clock();
    const address = clientAddress ?? 'unknown';
    // An unknown login is counted under its normalized spelling, so every spelling of it
    // shares one count; its account-wide count and lock are its stand-in's.
    const subject = account ? account.id : `login:${await sha256(normalizeEmail(login))}`;
    const attempt = await openPairAttempt(deps.auth, {
      accountLockedUntil: account
        ? account.lockedUntil
        : await deps.auth.findUnknownLoginLock(subject),
      subject,
      address,
      now,
    });
    // Counted; the lock it leaves, if any, is thrown, else the same answer as any failure.
    const failed = async () => {
      await countFailure(deps.auth, {
        account: account ? { userId: account.id } : { subject },
        attempt,
        now,
      });
      return new InvalidCredentialsError();
    };
    if (!account) {
      await deps.passwords.verifyNothing(password);
      throw await failed();
    }

    const matches = await deps.passwords.verify(password, account.passwordHash);
    const result = loginOutcome(attempt, account.status, matches, now);
    switch (result.outcome) {
      case 'wrong-password':
      case 'locked':
        throw await failed();
      case 'disabled':
        await deps.auth.resetLoginAttempts({ subject, address });
        throw new AccountDisabledError();
      case 'granted': {
        let secondFactor: SecondFactorSpend | undefined;
        if (account.mfaEnabled) {
          if (otp === undefined || otp === '') {
            // The password was right: this attempt is no failure.
            await deps.auth.resetLoginAttempts({ subject, address });
            throw new MfaRequiredError();
          }
          secondFactor = await deps.secondFactor.verifyLogin(account.id, otp, now);
          if (!secondFactor) throw await failed();
        }
        if (deps.passwords.needsRehash(account.passwordHash)) {
          // Older parameters (fewer iterations, no pepper): upgraded now that we hold the password.
          await deps.auth.upgradePasswordHash({
            userId: account.id,
            expected: account.passwordHash,
            passwordHash: await deps.passwords.hash(password),
          });
        }
        const sessionId = deps.newId();
        const refresh = await newRefreshToken(deps, account.id, sessionId, now);
        const started = await deps.auth.completeLogin({
          userId: account.id,
          address,
          now,
          session: { id: sessionId, userAgent: userAgentOf(userAgent) },
          refreshToken: refresh.stored,
          secondFactor,
        });
        // The code was spent between the check and the batch (another log-in with it).
        if (!started) throw await failed();
        return tokenPair(deps, account, sessionId, refresh.token);
      }
    }
  };

/**
 * Exchanges a refresh token for a new pair. The presented token is retired; presenting a
 * retired token again revokes its whole family (whoever holds the newer one loses it too).
 *
 * @throws {InvalidTokenError} unknown, expired, retired or revoked token, or a user who is
 * deleted or suspended.
 */
export const refreshSession =
  (deps: AuthenticationDeps) =>
  async (refreshToken: string): Promise<SessionResponse> => {
    const record = await deps.auth.findRefreshToken(await hashOneTimeToken(refreshToken));
    if (!record || record.revokedAt !== null) throw new InvalidTokenError();
    const now = deps.clock();
    const revokeFamily = async () => {
      await deps.auth.revokeFamily({ familyId: record.familyId, now });
      return new InvalidTokenError();
    };
    if (record.usedAt !== null) throw await revokeFamily();
    if (record.expiresAt <= now) throw new InvalidTokenError();

    const user = await deps.users.findById({ id: record.userId, fresh: true });
    if (!user || user.status !== 'active') throw await revokeFamily();

    const next = await newRefreshToken(deps, user.id, record.familyId, now);
    const rotated = await deps.auth.rotateRefreshToken({
      retiredId: record.id,
      next: next.stored,
      now,
    });
    if (!rotated) throw await revokeFamily();
    return tokenPair(deps, user, record.familyId, next.token);
  };

/** What a session keeps of a client's `User-Agent`: at most 256 characters, none if blank. */
export function userAgentOf(header: string | undefined): string | null {
  const trimmed = header?.trim() ?? '';
  return trimmed === '' ? null : trimmed.slice(0, 256);
}

/**
 * Who sends this access token: verifies it, then reads the user's current status and role
 * and whether the token's session is live, in one database read, so a suspension, a
 * deletion, a role change or an ended session takes effect at once.
 *
 * @throws {UnauthenticatedError} no token.
 * @throws {InvalidTokenError} a token that is malformed, tampered with or not ours, whose
 * user is deleted or suspended, or whose session has ended.
 * @throws {TokenExpiredError} an expired token.
 */
export const authenticate =
  (deps: Pick<AuthenticationDeps, 'tokens' | 'auth' | 'clock'>) =>
  async (accessToken: string | undefined): Promise<Principal> => {
    if (accessToken === undefined) throw new UnauthenticatedError();
    const claims = await deps.tokens.verify(accessToken);
    const user = await deps.auth.findPrincipal({
      userId: claims.sub,
      sessionId: claims.sid,
      now: deps.clock(),
    });
    if (!user || user.status !== 'active') throw new InvalidTokenError();
    return { id: user.id, role: user.role, sessionId: claims.sid };
  };
