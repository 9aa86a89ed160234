import { InvalidTokenError } from '../errors/catalogue.ts';
import type { AccessClaims } from './access-tokens.port.ts';

/**
 * The payload of an access token, in the order both implementations sign it (so the same
 * claims give the same bytes): the contract's claims, then `iat`, `exp`, `iss`, `aud`.
 */
export function accessPayload(
  { sub, role, sid, jti }: AccessClaims,
  {
    iat,
    ttlSeconds,
    issuer,
    audience,
  }: { iat: number; ttlSeconds: number; issuer: string; audience: string },
) {
  return { sub, role, sid, jti, iat, exp: iat + ttlSeconds, iss: issuer, aud: audience };
}

/** The contract's claims of a verified payload; a token without them is not one of ours. */
export function accessClaimsOf(payload: Record<string, unknown>): AccessClaims {
  const { sub, role, sid, jti } = payload;
  if (
    typeof sub !== 'string' ||
    typeof role !== 'string' ||
    typeof sid !== 'string' ||
    typeof jti !== 'string'
  ) {
    throw new InvalidTokenError();
  }
  return { sub, role, sid, jti };
}
