import { constantTimeEqual, fromBase64Url, toBase64Url } from './encoding.ts';

/** Hashes and verifies passwords; the port logic modules use. */
export interface PasswordHasher {
  hash(password: string): Promise<string>;
  /** True when `password` matches `encoded`; false for a mismatch or an unreadable hash. */
  verify(password: string, encoded: string): Promise<boolean>;
  /** Spends the time of one verification without a stored hash: for unknown logins. */
  verifyNothing(password: string): Promise<void>;
  /**
   * Whether `encoded` was made with other parameters than `hash` uses now (fewer
   * iterations, no pepper): after a successful log-in, hash the password again and store it.
   */
  needsRehash(encoded: string): boolean;
}

/** workerd rejects PBKDF2 above 100 000 iterations; Node has no such ceiling. */
const PBKDF2_DEFAULT_ITERATIONS = 100_000;
/** PBKDF2-SHA256 alone: hashes made without a pepper (and every hash before it existed). */
const PLAIN = 'pbkdf2-sha256';
/** PBKDF2-SHA256, then HMAC-SHA256 of the result under the server-side pepper. */
const PEPPERED = 'pbkdf2-sha256-hmac';
const SALT_BYTES = 16;
const KEY_BYTES = 32;

async function derive(password: string, salt: Uint8Array<ArrayBuffer>, iterations: number) {
  const key = await crypto.subtle.importKey(
    'raw',
    new TextEncoder().encode(password),
    'PBKDF2',
    false,
    ['deriveBits'],
  );
  const bits = await crypto.subtle.deriveBits(
    { name: 'PBKDF2', hash: 'SHA-256', salt, iterations },
    key,
    KEY_BYTES * 8,
  );
  return new Uint8Array(bits);
}

/**
 * PBKDF2-SHA256 through WebCrypto, so it runs on Node and in workerd alike, then (with a
 * `pepper`) HMAC-SHA256 under that server-side secret, so a stolen database alone does not
 * allow offline guessing. Each hash has its own random salt, and the scheme and iteration
 * count are stored beside it (`pbkdf2-sha256-hmac$100000$salt$hash`): hashes made with
 * older parameters still verify, and `needsRehash` says when to upgrade one.
 *
 * @example
 * const hasher = createPbkdf2Hasher({ pepper: config.PASSWORD_PEPPER });
 * const stored = await hasher.hash('correct horse battery staple');
 * await hasher.verify('correct horse battery staple', stored); // true
 */
export function createPbkdf2Hasher({
  iterations = PBKDF2_DEFAULT_ITERATIONS,
  pepper,
}: { iterations?: number; pepper?: string | undefined } = {}): PasswordHasher {
  const dummySalt = crypto.getRandomValues(new Uint8Array(SALT_BYTES));
  const pepperKey =
    pepper === undefined
      ? undefined
      : crypto.subtle.importKey(
          'raw',
          new TextEncoder().encode(pepper),
          { name: 'HMAC', hash: 'SHA-256' },
          false,
          ['sign'],
        );
  const season = async (digest: Uint8Array<ArrayBuffer>) => {
    if (!pepperKey) return digest;
    return new Uint8Array(await crypto.subtle.sign('HMAC', await pepperKey, digest));
  };
  const scheme = pepperKey ? PEPPERED : PLAIN;
  return {
    async hash(password) {
      const salt = crypto.getRandomValues(new Uint8Array(SALT_BYTES));
      const derived = await derive(password, salt, iterations);
      const hash = await season(derived);
      return [scheme, iterations, toBase64Url(salt), toBase64Url(hash)].join('$');
    },
    async verify(password, encoded) {
      const [stored, rounds, salt, hash, ...rest] = encoded.split('$');
      const count = Number(rounds);
      if ((stored !== PLAIN && stored !== PEPPERED) || !salt || !hash || rest.length > 0) {
        return false;
      }
      // A peppered hash cannot be checked without the pepper.
      if (stored === PEPPERED && !pepperKey) return false;
      // The ceiling keeps a corrupt or hostile stored hash from costing unbounded CPU.
      if (
        !Number.isInteger(count) ||
        count < 1 ||
        count > Math.max(iterations, PBKDF2_DEFAULT_ITERATIONS)
      )
        return false;
      try {
        const expected = fromBase64Url(hash);
        const derived = await derive(password, fromBase64Url(salt), count);
        return constantTimeEqual(stored === PEPPERED ? await season(derived) : derived, expected);
      } catch {
        return false;
      }
    },
    async verifyNothing(password) {
      await season(await derive(password, dummySalt, iterations));
    },
    needsRehash(encoded) {
      const [stored, rounds] = encoded.split('$');
      return stored !== scheme || Number(rounds) !== iterations;
    },
  };
}
