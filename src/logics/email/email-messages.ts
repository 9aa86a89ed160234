import type { OutboxEmailCommand } from '../../models/dtos/email/repository/email.repository.dtos.ts';

/** The language of an email: Persian when the request that caused it asked for `fa`. */
export type EmailLanguage = 'en' | 'fa';

interface Texts {
  readonly subject: string;
  readonly text: string;
}

/** A link under `PUBLIC_URL` carrying a one-time token. */
export function tokenLink(publicUrl: string, path: string, token: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/${path}?token=${encodeURIComponent(token)}`;
}

const verification = (username: string, link: string, welcome: boolean) => ({
  en: {
    subject: welcome ? 'Welcome: verify your email' : 'Verify your email',
    text:
      `${welcome ? `Hello ${username}, your account is ready.` : `Hello ${username},`}\n\n` +
      `Verify your email address by opening this link within 24 hours:\n${link}\n\n` +
      `If you did not ask for this, ignore this email.`,
  },
  fa: {
    subject: welcome ? 'خوش آمدید: ایمیل خود را تأیید کنید' : 'ایمیل خود را تأیید کنید',
    text:
      `${welcome ? `سلام ${username}، حساب شما آماده است.` : `سلام ${username}،`}\n\n` +
      `برای تأیید نشانی ایمیل خود این پیوند را تا ۲۴ ساعت باز کنید:\n${link}\n\n` +
      `اگر این را نخواسته‌اید، این ایمیل را نادیده بگیرید.`,
  },
});

const reset = (username: string, link: string) => ({
  en: {
    subject: 'Reset your password',
    text:
      `Hello ${username},\n\nSet a new password by opening this link within 30 minutes:\n${link}\n\n` +
      `If you did not ask for this, ignore this email: your password stays as it is.`,
  },
  fa: {
    subject: 'بازنشانی گذرواژه',
    text:
      `سلام ${username}،\n\nبرای تعیین گذرواژهٔ تازه این پیوند را تا ۳۰ دقیقه باز کنید:\n${link}\n\n` +
      `اگر این را نخواسته‌اید، این ایمیل را نادیده بگیرید: گذرواژهٔ شما تغییر نمی‌کند.`,
  },
});

function email(id: string, to: string, texts: Texts): OutboxEmailCommand {
  return { id, to, subject: texts.subject, text: texts.text };
}

/**
 * The emails of the service, rendered when the change that causes them is written (the
 * outbox stores the text).
 *
 * @example
 * verificationEmail({ id, to, username, link, language: 'en', welcome: true });
 */
export function verificationEmail(input: {
  id: string;
  to: string;
  username: string;
  link: string;
  language: EmailLanguage;
  /** The registration's email: it welcomes the user too. */
  welcome: boolean;
}): OutboxEmailCommand {
  return email(
    input.id,
    input.to,
    verification(input.username, input.link, input.welcome)[input.language],
  );
}

export function passwordResetEmail(input: {
  id: string;
  to: string;
  username: string;
  link: string;
  language: EmailLanguage;
}): OutboxEmailCommand {
  return email(input.id, input.to, reset(input.username, input.link)[input.language]);
}
