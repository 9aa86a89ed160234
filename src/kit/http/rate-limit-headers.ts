/** A policy as the headers name it. */
interface NamedPolicy {
  readonly name: string;
  readonly limit: number;
  readonly windowSeconds: number;
}

/**
 * IETF `RateLimit-Policy` (draft-ietf-httpapi-ratelimit-headers): the quota and window.
 *
 * @example
 * rateLimitPolicyHeader({ name: 'token', limit: 20, windowSeconds: 60 }); // '"token";q=20;w=60'
 */
export const rateLimitPolicyHeader = (policy: NamedPolicy) =>
  `"${policy.name}";q=${policy.limit};w=${policy.windowSeconds}`;

/**
 * IETF `RateLimit`: what is left and in how many seconds the window resets.
 *
 * @example
 * rateLimitHeader({ name: 'token', limit: 20, windowSeconds: 60 }, 0, 42); // '"token";r=0;t=42'
 */
export const rateLimitHeader = (policy: NamedPolicy, remaining: number, resetSeconds: number) =>
  `"${policy.name}";r=${remaining};t=${resetSeconds}`;
