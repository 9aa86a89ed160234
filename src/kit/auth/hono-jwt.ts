import { sign, verify } from 'hono/jwt';
import { InvalidTokenError, TokenExpiredError } from '../errors/catalogue.ts';
import { accessClaimsOf, accessPayload } from './access-claims.ts';
import type { AccessTokens } from './access-tokens.port.ts';

export interface JwtOptions {
  /** The HS256 key: at least 32 bytes in production. */
  readonly secret: string;
  readonly issuer: string;
  readonly audience: string;
  readonly ttlSeconds: number;
  /** Seconds since the epoch; tests pass a fixed one to mint expired tokens. */
  readonly nowSeconds?: () => number;
}

/**
 * Access tokens as HS256 JWTs through hono's jwt helper, with the contract's claims
 * (`sub`, `role`, `sid`, `iat`, `exp`, `jti`, `iss`, `aud`). Verification pins the algorithm, so
 * `alg: none` or a token signed for another algorithm is refused.
 *
 * @example
 * const tokens = createJwtAccessTokens({ secret, issuer: 'user-api', audience: 'user-api', ttlSeconds: 900 });
 */
export function createJwtAccessTokens({
  secret,
  issuer,
  audience,
  ttlSeconds,
  nowSeconds = () => Math.floor(Date.now() / 1000),
}: JwtOptions): AccessTokens {
  // Imported once, not per token: hono's helper accepts a CryptoKey, and each import is a
  // WebCrypto job on Node's thread pool.
  let key: ReturnType<typeof crypto.subtle.importKey> | undefined;
  const hmacKey = () =>
    (key ??= crypto.subtle.importKey(
      'raw',
      new TextEncoder().encode(secret),
      { name: 'HMAC', hash: 'SHA-256' },
      false,
      ['sign', 'verify'],
    ));
  return {
    async issue(claims) {
      const payload = accessPayload(claims, { iat: nowSeconds(), ttlSeconds, issuer, audience });
      const token = await sign(payload, await hmacKey(), 'HS256');
      return { token, expiresIn: ttlSeconds };
    },
    async verify(token) {
      let payload: Record<string, unknown>;
      try {
        payload = await verify(token, await hmacKey(), {
          alg: 'HS256',
          iss: issuer,
          aud: audience,
        });
      } catch (error) {
        // hono's messages quote the token: keep them out of the cause chain.
        if (error instanceof Error && error.name === 'JwtTokenExpired')
          throw new TokenExpiredError();
        throw new InvalidTokenError();
      }
      return accessClaimsOf(payload);
    },
  };
}
