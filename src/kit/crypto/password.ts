import { constantTimeEqual, fromBase64Url, toBase64Url } from './encoding.ts';

/** Hashes and verifies passwords; the port logic modules use. */
export interface PasswordHasher {
  hash(password: string): Promise<string>;
  /** True when `password` matches `encoded`; false for a mismatch or an unreadable hash. */
  verify(password: string, encoded: string): Promise<boolean>;
  /** Spends the time of one verification without a stored hash: for unknown logins. */
  verifyNothing(password: string): Promise<void>;
}

/** workerd rejects PBKDF2 above 100 000 iterations; Node has no such ceiling. */
export const PBKDF2_DEFAULT_ITERATIONS = 100_000;
const SCHEME = 'pbkdf2-sha256';
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
 * PBKDF2-SHA256 through WebCrypto, so it runs on Node and in workerd alike. Each hash has
 * its own random salt, and the scheme and iteration count are stored beside it
 * (`pbkdf2-sha256$100000$salt$hash`) so the cost can be raised later without a migration.
 *
 * @example
 * const hasher = createPbkdf2Hasher();
 * const stored = await hasher.hash('correct horse battery staple');
 * await hasher.verify('correct horse battery staple', stored); // true
 */
export function createPbkdf2Hasher({
  iterations = PBKDF2_DEFAULT_ITERATIONS,
}: { iterations?: number } = {}): PasswordHasher {
  const dummySalt = crypto.getRandomValues(new Uint8Array(SALT_BYTES));
  return {
    async hash(password) {
      const salt = crypto.getRandomValues(new Uint8Array(SALT_BYTES));
      const hash = await derive(password, salt, iterations);
      return [SCHEME, iterations, toBase64Url(salt), toBase64Url(hash)].join('$');
    },
    async verify(password, encoded) {
      const [scheme, rounds, salt, hash, ...rest] = encoded.split('$');
      const count = Number(rounds);
      if (scheme !== SCHEME || !salt || !hash || rest.length > 0) return false;
      // The ceiling keeps a corrupt or hostile stored hash from costing unbounded CPU.
      if (
        !Number.isInteger(count) ||
        count < 1 ||
        count > Math.max(iterations, PBKDF2_DEFAULT_ITERATIONS)
      )
        return false;
      try {
        const expected = fromBase64Url(hash);
        return constantTimeEqual(await derive(password, fromBase64Url(salt), count), expected);
      } catch {
        return false;
      }
    },
    async verifyNothing(password) {
      await derive(password, dummySalt, iterations);
    },
  };
}
