import { hashOneTimeToken, oneTimeTokenUsable } from '../../kit/auth/one-time-token.ts';
import { InvalidStateError } from '../../kit/errors/catalogue.ts';
import type { UserResponse } from '../../models/dtos/user/repository/user.repository.dtos.ts';
import { InvalidOneTimeTokenError } from '../../models/errors/auth.errors.ts';
import { UserNotFoundError } from '../../models/errors/user.errors.ts';
import type { EmailLanguage } from '../email/email-messages.ts';
import { verificationWrite } from '../email/verification-email.ts';
import type { PasswordDeps } from './password.logic.ts';

/**
 * Verifies the user's email with the emailed token, once.
 *
 * @throws {InvalidOneTimeTokenError} unknown, used, expired or superseded token (an email
 * change supersedes the token sent to the old address).
 */
export const verifyEmail =
  (deps: PasswordDeps) =>
  async (token: string): Promise<UserResponse> => {
    const now = deps.clock();
    const stored = await deps.auth.findOneTimeToken({
      tokenHash: await hashOneTimeToken(token),
      purpose: 'email-verification',
    });
    if (!stored || !oneTimeTokenUsable(stored, now)) throw new InvalidOneTimeTokenError();
    const spent = await deps.auth.verifyEmail({ tokenId: stored.id, userId: stored.userId, now });
    if (!spent) throw new InvalidOneTimeTokenError();
    const user = await deps.users.findById({ id: stored.userId, fresh: true });
    if (!user) throw new InvalidOneTimeTokenError();
    return user;
  };

/**
 * Sends the user a new verification email; older tokens stop working.
 *
 * @throws {UserNotFoundError} when there is no such live user.
 * @throws {InvalidStateError} when the email is already verified.
 */
export const resendVerificationEmail =
  (deps: PasswordDeps) =>
  async (userId: string, language: EmailLanguage): Promise<void> => {
    const user = await deps.users.findById({ id: userId, fresh: true });
    if (!user) throw new UserNotFoundError();
    if (user.emailVerified) throw new InvalidStateError();
    const now = deps.clock();
    const write = await verificationWrite(deps, user, now, language, false);
    await deps.auth.issueOneTimeToken({ token: write.verification, email: write.email, now });
    deps.emailsQueued();
  };
