import type { Config } from '@libsql/client';

/** How long one request to a remote libSQL database may take before it is a fault. */
export const REMOTE_TIMEOUT_MS = 10_000;

/**
 * The `@libsql/client` config for a remote database (Turso, a libSQL server), on Node and
 * in workerd alike: every HTTP request is bounded, so a database that stops answering is
 * a 503 after `REMOTE_TIMEOUT_MS`, never a request that hangs.
 */
export function remoteClientConfig(
  url: string,
  authToken: string | undefined,
  timeoutMs = REMOTE_TIMEOUT_MS,
): Config {
  const timedFetch = (input: Request | string | URL, init?: RequestInit) =>
    fetch(input, { ...init, signal: init?.signal ?? AbortSignal.timeout(timeoutMs) });
  return authToken ? { url, authToken, fetch: timedFetch } : { url, fetch: timedFetch };
}
