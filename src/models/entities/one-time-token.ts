/** How long a password-reset link works: 30 minutes. */
export const PASSWORD_RESET_TTL_SECONDS = 30 * 60;

/** How long an email-verification link works: 24 hours. */
export const EMAIL_VERIFICATION_TTL_SECONDS = 24 * 60 * 60;
