import { issueOneTimeToken } from '../../kit/auth/one-time-token.ts';
import type { IdGenerator } from '../../kit/runtime.ts';
import type {
  OutboxEmailCommand,
  StoreOneTimeTokenCommand,
} from '../../models/dtos/email/repository/email.repository.dtos.ts';
import { EMAIL_VERIFICATION_TTL_SECONDS } from '../../models/entities/one-time-token.ts';
import { tokenLink, verificationEmail, type EmailLanguage } from './email-messages.ts';

/** What sending a verification email writes: the token (its hash) and the email, for one batch. */
export interface VerificationWrite {
  readonly verification: StoreOneTimeTokenCommand;
  readonly email: OutboxEmailCommand;
}

/**
 * A new email-verification token for `user` and the email carrying its link, ready to be
 * written in the batch of the change that causes them (registration, email change, resend).
 *
 * @example
 * const write = await verificationWrite({ newId, publicUrl }, user, now, 'en', true);
 */
export async function verificationWrite(
  deps: { readonly newId: IdGenerator; readonly publicUrl: string },
  user: { readonly id: string; readonly username: string; readonly email: string },
  now: Date,
  language: EmailLanguage,
  welcome: boolean,
): Promise<VerificationWrite> {
  const issued = await issueOneTimeToken(now, EMAIL_VERIFICATION_TTL_SECONDS);
  return {
    verification: {
      id: deps.newId(),
      userId: user.id,
      purpose: 'email-verification',
      tokenHash: issued.tokenHash,
      expiresAt: issued.expiresAt,
    },
    email: verificationEmail({
      id: deps.newId(),
      to: user.email,
      username: user.username,
      link: tokenLink(deps.publicUrl, 'verify-email', issued.token),
      language,
      welcome,
    }),
  };
}
