import { hmac } from '@noble/hashes/hmac.js';
import { sha1 } from '@noble/hashes/legacy.js';
import { Secret, TOTP } from 'otpauth/bare';

/**
 * HMAC-SHA-1, the one hash the contract names. otpauth's `bare` build takes it as a function:
 * its default builds carry every SHA-2 and SHA-3 variant (the same noble-hashes code), which
 * were ~12 KiB of the minified Worker (5.6 KiB gzip) for hashes the API never uses.
 */
const hmacSha1 = (_algorithm: string, key: Uint8Array, message: Uint8Array): Uint8Array =>
  hmac(sha1, key, message);

/** RFC 6238 as the contract fixes it: SHA-1, 6 digits, 30-second steps, ±1 step accepted. */
const PARAMETERS = { algorithm: 'SHA1', digits: 6, period: 30, hmac: hmacSha1 } as const;

/**
 * A new TOTP secret: 20 random bytes (RFC 4226's recommended length for SHA-1), base32.
 *
 * @example
 * const secret = newTotpSecret(); // 'JBSWY3DPEHPK3PXP…'
 */
export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

/**
 * The `otpauth://totp/…` URI an authenticator app reads (from a QR code).
 *
 * @example
 * totpUri({ secret, issuer: 'User API', label: 'ada_l' });
 */
export function totpUri({
  secret,
  issuer,
  label,
}: {
  secret: string;
  issuer: string;
  label: string;
}): string {
  return new TOTP({ ...PARAMETERS, issuer, label, secret: Secret.fromBase32(secret) }).toString();
}

/**
 * The time step (`floor(unix seconds / 30)`) of the step at `now`, or of the one before or
 * after, whose code `code` is; undefined when it is none of them. The caller refuses a step
 * it has accepted before (a replay).
 *
 * @example
 * const step = totpStep(secret, '492039', new Date());
 */
export function totpStep(secret: string, code: string, now: Date): number | undefined {
  if (!/^\d{6}$/.test(code)) return undefined;
  const timestamp = now.getTime();
  const delta = TOTP.validate({
    ...PARAMETERS,
    token: code,
    secret: Secret.fromBase32(secret),
    timestamp,
    window: 1,
  });
  if (delta === null) return undefined;
  return TOTP.counter({ period: PARAMETERS.period, timestamp }) + delta;
}
