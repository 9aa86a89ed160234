import {
  hashOneTimeToken,
  issueOneTimeToken,
  oneTimeTokenUsable,
} from '../../kit/auth/one-time-token.ts';
import { ServiceUnavailableError } from '../../kit/errors/catalogue.ts';
import { describeError, type Logger } from '../../kit/log/logger.ts';
import type { Defer } from '../../kit/runtime.ts';
import { PASSWORD_RESET_TTL_SECONDS } from '../../models/entities/one-time-token.ts';
import { assertPasswordPolicy, normalizeEmail } from '../../models/entities/user.ts';
import { InvalidOneTimeTokenError } from '../../models/errors/auth.errors.ts';
import { UserNotFoundError } from '../../models/errors/user.errors.ts';
import { passwordResetEmail, tokenLink, type EmailLanguage } from '../email/email-messages.ts';
import {
  newRefreshToken,
  tokenPair,
  userAgentOf,
  type AuthenticationDeps,
  type SessionResponse,
} from './authentication.logic.ts';
import { confirmPassword } from './lockout.ts';

export interface PasswordDeps extends AuthenticationDeps {
  readonly publicUrl: string;
  readonly defer: Defer;
  readonly logger: Logger;
  /** Called after a commit that wrote to the outbox: sends it soon, after the response. */
  readonly emailsQueued: () => void;
}

export interface ChangePasswordInput {
  readonly userId: string;
  readonly currentPassword: string;
  readonly newPassword: string;
  /** The client address: a wrong current password counts for this (account, address) pair. */
  readonly clientAddress?: string;
  readonly userAgent?: string | undefined;
}

/**
 * Changes the user's password. The new one is held to the policy first: a change that cannot
 * succeed spends no hash and counts nothing. The current password is then checked like a
 * log-in: counted first, so a wrong one counts toward the lock. Every earlier session ends;
 * the answer is the pair of a new session.
 *
 * @throws {ValidationError} a wrong `currentPassword`, or a `newPassword` against the policy.
 * @throws {AccountLockedError} while locked (or when this wrong guess locks).
 * @throws {UserNotFoundError} when there is no such live user.
 */
export const changePassword =
  (deps: PasswordDeps) =>
  async (input: ChangePasswordInput): Promise<SessionResponse> => {
    const account = await deps.auth.findCredentials({ id: input.userId });
    if (!account) throw new UserNotFoundError();
    const now = deps.clock();
    const address = input.clientAddress ?? 'unknown';
    assertPasswordPolicy(input.newPassword, account.username, 'newPassword');
    // Its count is cleared by the change's own batch.
    await confirmPassword(deps, {
      account,
      password: input.currentPassword,
      address,
      now,
      path: 'currentPassword',
    });
    const sessionId = deps.newId();
    const refresh = await newRefreshToken(deps, account.id, sessionId, now);
    await deps.auth.changePassword({
      userId: account.id,
      passwordHash: await deps.passwords.hash(input.newPassword),
      address,
      now,
      session: { id: sessionId, userAgent: userAgentOf(input.userAgent) },
      refreshToken: refresh.stored,
    });
    return tokenPair(deps, account, sessionId, refresh.token);
  };

/**
 * Asks for a password-reset email. Answers at once, the same whether or not the address
 * belongs to a user: the lookup, the token and the email happen after the response
 * (`defer`), so neither the answer nor its time tells. A newer request supersedes older
 * tokens.
 *
 * @example
 * requestPasswordReset(deps)({ email: 'ada@example.com', language: 'en' });
 */
export const requestPasswordReset =
  (deps: PasswordDeps) =>
  ({ email, language }: { email: string; language: EmailLanguage }): void => {
    deps.defer(
      issueReset(deps, normalizeEmail(email), language).catch((error: unknown) => {
        // A storage fault is a dependency down, a warning as everywhere; anything else a bug.
        if (error instanceof ServiceUnavailableError) {
          deps.logger.warn('password reset request failed', describeError(error));
        } else {
          deps.logger.error('password reset request failed', describeError(error));
        }
      }),
    );
  };

async function issueReset(
  deps: PasswordDeps,
  email: string,
  language: EmailLanguage,
): Promise<void> {
  const account = await deps.auth.findCredentials({ email });
  if (!account) return;
  const now = deps.clock();
  const issued = await issueOneTimeToken(now, PASSWORD_RESET_TTL_SECONDS);
  await deps.auth.issueOneTimeToken({
    token: {
      id: deps.newId(),
      userId: account.id,
      purpose: 'password-reset',
      tokenHash: issued.tokenHash,
      expiresAt: issued.expiresAt,
    },
    email: passwordResetEmail({
      id: deps.newId(),
      to: account.email,
      username: account.username,
      link: tokenLink(deps.publicUrl, 'reset-password', issued.token),
      language,
    }),
    now,
  });
  deps.emailsQueued();
}

/**
 * Sets a new password with the emailed token: once. Every session ends; the failed-log-in
 * count and any lock are cleared.
 *
 * @throws {InvalidOneTimeTokenError} unknown, used, expired or superseded token.
 * @throws {ValidationError} a `newPassword` against the policy.
 */
export const confirmPasswordReset =
  (deps: PasswordDeps) =>
  async ({ token, newPassword }: { token: string; newPassword: string }): Promise<void> => {
    const now = deps.clock();
    const stored = await deps.auth.findOneTimeToken({
      tokenHash: await hashOneTimeToken(token),
      purpose: 'password-reset',
    });
    if (!stored || !oneTimeTokenUsable(stored, now)) throw new InvalidOneTimeTokenError();
    const account = await deps.auth.findCredentials({ id: stored.userId });
    if (!account) throw new InvalidOneTimeTokenError();
    assertPasswordPolicy(newPassword, account.username, 'newPassword');
    const spent = await deps.auth.resetPassword({
      tokenId: stored.id,
      userId: account.id,
      passwordHash: await deps.passwords.hash(newPassword),
      now,
    });
    if (!spent) throw new InvalidOneTimeTokenError();
  };

/**
 * The operator's password reset (command line): sets `newPassword` for the user named
 * `username` and ends every session.
 *
 * @throws {UserNotFoundError} when there is no such live user.
 * @throws {ValidationError} a `newPassword` against the policy.
 */
export const setPasswordByOperator =
  (deps: PasswordDeps) =>
  async ({ username, newPassword }: { username: string; newPassword: string }): Promise<void> => {
    const account = await deps.auth.findCredentials({ username });
    if (!account) throw new UserNotFoundError();
    assertPasswordPolicy(newPassword, account.username, 'newPassword');
    await deps.auth.setPassword({
      userId: account.id,
      passwordHash: await deps.passwords.hash(newPassword),
      now: deps.clock(),
    });
  };
