import { sign, verify } from 'hono/jwt';
import { InvalidTokenError, TokenExpiredError } from '../errors/catalogue.ts';
import type { AccessClaims, AccessTokens } from './access-tokens.port.ts';

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
    async issue({ sub, role, sid, jti }) {
      const iat = nowSeconds();
      const token = await sign(
        { sub, role, sid, jti, iat, exp: iat + ttlSeconds, iss: issuer, aud: audience },
        await hmacKey(),
        'HS256',
      );
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
      const { sub, role, sid, jti } = payload;
      if (
        typeof sub !== 'string' ||
        typeof role !== 'string' ||
        typeof sid !== 'string' ||
        typeof jti !== 'string'
      ) {
        throw new InvalidTokenError();
      }
      const claims: AccessClaims = { sub, role, sid, jti };
      return claims;
    },
  };
}
