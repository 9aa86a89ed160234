import { randomToken, sha256 } from '../crypto/encoding.ts';

/** A fresh one-time token: the clear value (for the email) and what is stored (its hash). */
export interface IssuedOneTimeToken {
  /** 32 random bytes, base64url: goes in the link, never stored, never logged. */
  readonly token: string;
  readonly tokenHash: string;
  readonly expiresAt: Date;
}

/**
 * Makes a single-use token for a link (password reset, email verification): random, stored
 * only as a SHA-256 hash, expiring `ttlSeconds` after `now`. Single use and superseding are
 * the store's part; this is the part every flow shares.
 *
 * @example
 * const { token, tokenHash, expiresAt } = await issueOneTimeToken(now, 30 * 60);
 */
export async function issueOneTimeToken(
  now: Date,
  ttlSeconds: number,
): Promise<IssuedOneTimeToken> {
  const token = randomToken(32);
  return {
    token,
    tokenHash: await hashOneTimeToken(token),
    expiresAt: new Date(now.getTime() + ttlSeconds * 1000),
  };
}

/** The stored form of a presented token, to look it up. */
export function hashOneTimeToken(token: string): Promise<string> {
  return sha256(token);
}

/** Whether a stored token can still be spent at `now`. */
export function oneTimeTokenUsable(
  token: { readonly usedAt: Date | null; readonly expiresAt: Date },
  now: Date,
): boolean {
  return token.usedAt === null && token.expiresAt > now;
}
