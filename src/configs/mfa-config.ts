import { createAesGcmSecretBox, type SecretBox } from '../kit/crypto/secret-box.ts';
import type { Logger } from '../kit/log/logger.ts';
import type { Config } from './config.ts';

/**
 * The key that seals TOTP secrets outside production when `MFA_ENCRYPTION_KEY` is unset:
 * fixed, never random, so a restart (or another process, the CLI) still opens what was
 * sealed and no enrolled user is locked out. It is public: never use it in production,
 * where the config schema requires a key.
 */
const DEVELOPMENT_MFA_KEY = btoa('development-only-mfa-key-32bytes');

/** The secret box for TOTP secrets: the configured key, or (with a warning) the development one. */
export function mfaSecretBoxFor(config: Config, logger: Logger): SecretBox {
  if (config.MFA_ENCRYPTION_KEY !== undefined) {
    return createAesGcmSecretBox(config.MFA_ENCRYPTION_KEY);
  }
  logger.warn(
    'MFA_ENCRYPTION_KEY is not set: TOTP secrets are sealed with the public development key',
    {
      env: config.APP_ENV,
    },
  );
  return createAesGcmSecretBox(DEVELOPMENT_MFA_KEY);
}
