import { createHmac, createSecretKey, timingSafeEqual } from 'node:crypto';
import { InvalidTokenError, TokenExpiredError } from '../errors/catalogue.ts';
import { accessClaimsOf, accessPayload } from './access-claims.ts';
import type { AccessClaims, AccessTokens } from './access-tokens.port.ts';
import type { JwtOptions } from './hono-jwt.ts';

// hono's `sign` writes exactly this header; tokens from either implementation verify in the other.
const HEADER = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');
const BASE64URL = /^[A-Za-z0-9_-]+$/;

function decodePart(part: string): unknown {
  if (!BASE64URL.test(part)) throw new InvalidTokenError();
  try {
    return JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidTokenError();
  }
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const finiteOrAbsent = (value: unknown) =>
  value === undefined || (typeof value === 'number' && Number.isFinite(value));

/**
 * The same access tokens as `createJwtAccessTokens` (HS256, the same claims and checks,
 * interchangeable tokens), signed and verified with node:crypto's `createHmac`: synchronous,
 * a few µs, no WebCrypto job on the libuv thread pool per request. Node and Deno only; the
 * Worker keeps the WebCrypto implementation.
 *
 * @example
 * const tokens = createNodeJwtAccessTokens({ secret, issuer: 'user-api', audience: 'user-api', ttlSeconds: 900 });
 */
export function createNodeJwtAccessTokens({
  secret,
  issuer,
  audience,
  ttlSeconds,
  nowSeconds = () => Math.floor(Date.now() / 1000),
}: JwtOptions): AccessTokens {
  // A KeyObject made once: createHmac with a Buffer key imports it on every call (~18 µs
  // against ~4 µs measured).
  const key = createSecretKey(Buffer.from(secret, 'utf8'));
  const mac = (signingInput: string) => createHmac('sha256', key).update(signingInput).digest();
  /**
   * Tokens already checked, each with its time claims to check again at every use: a token is
   * an immutable string, so its signature, issuer, audience and claims need checking once. What
   * the token stands for (its session, its user's status and role) is still read from the
   * database on every request; this spares only the HMAC and the decoding. First in, first out
   * past CHECKED_TOKENS; an entry found expired is dropped.
   */
  const checked = new Map<string, Checked>();
  return {
    issue(claims) {
      const payload = Buffer.from(
        JSON.stringify(accessPayload(claims, { iat: nowSeconds(), ttlSeconds, issuer, audience })),
      ).toString('base64url');
      const input = `${HEADER}.${payload}`;
      return Promise.resolve({
        token: `${input}.${mac(input).toString('base64url')}`,
        expiresIn: ttlSeconds,
      });
    },
    verify(token) {
      // A throw in the executor rejects the promise.
      return new Promise((resolve) => {
        resolve(verifySync(token));
      });
    },
  };

  function verifySync(token: string): AccessClaims {
    const now = Math.floor(Date.now() / 1000);
    const known = checked.get(token);
    if (known) {
      try {
        checkTimes(known, now);
      } catch (error) {
        checked.delete(token);
        throw error;
      }
      return known.claims;
    }
    const fresh = checkToken(token, now);
    if (checked.size >= CHECKED_TOKENS) {
      const oldest = checked.keys().next().value;
      if (oldest !== undefined) checked.delete(oldest);
    }
    checked.set(token, fresh);
    return fresh.claims;
  }

  function checkToken(token: string, now: number): Checked {
    const first = token.indexOf('.');
    const last = token.lastIndexOf('.');
    if (first <= 0 || last === first || token.indexOf('.', first + 1) !== last) {
      throw new InvalidTokenError();
    }
    const signature = token.slice(last + 1);
    if (!BASE64URL.test(signature)) throw new InvalidTokenError();
    const headerPart = token.slice(0, first);
    // The header every token of ours carries is known: only another one is decoded and checked.
    const header = headerPart === HEADER ? undefined : decodePart(headerPart);
    if (
      header !== undefined &&
      (!isRecord(header) ||
        header['alg'] !== 'HS256' ||
        'crit' in header ||
        (header['typ'] !== undefined &&
          (typeof header['typ'] !== 'string' ||
            header['typ'].toLowerCase().replace(/^application\//, '') !== 'jwt')))
    ) {
      throw new InvalidTokenError();
    }
    // The signature before any claim is read: an unsigned claim decides nothing.
    const expected = mac(token.slice(0, last));
    const given = Buffer.from(signature, 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw new InvalidTokenError();
    }
    const payload = decodePart(token.slice(first + 1, last));
    if (!isRecord(payload)) throw new InvalidTokenError();
    const { exp, nbf, iat, iss, aud } = payload;
    // The checks hono's verify makes, against the real clock as there, in its order.
    if (!finiteOrAbsent(nbf) || !finiteOrAbsent(exp)) throw new InvalidTokenError();
    const times = {
      nbf: nbf as number | undefined,
      exp: exp as number | undefined,
      iat: finiteOrAbsent(iat) ? (iat as number | undefined) : undefined,
    };
    checkTimes(times, now);
    if (!finiteOrAbsent(iat)) throw new InvalidTokenError();
    if (iss !== issuer) throw new InvalidTokenError();
    if (!(Array.isArray(aud) ? aud.includes(audience) : aud === audience)) {
      throw new InvalidTokenError();
    }
    return { ...times, claims: Object.freeze(accessClaimsOf(payload)) };
  }
}

/** A checked token: its claims, and the times to check at each use. */
interface Checked {
  readonly claims: AccessClaims;
  readonly nbf?: number | undefined;
  readonly exp?: number | undefined;
  readonly iat?: number | undefined;
}

/** How many checked tokens a verifier keeps (about 0.5 KB each). */
const CHECKED_TOKENS = 10_000;

function checkTimes({ nbf, exp, iat }: Omit<Checked, 'claims'>, now: number): void {
  if (nbf !== undefined && nbf > now) throw new InvalidTokenError();
  if (exp !== undefined && exp <= now) throw new TokenExpiredError();
  if (iat !== undefined && now < iat) throw new InvalidTokenError();
}
