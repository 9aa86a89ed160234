import type { RateLimiter } from './rate-limiter.port.ts';

/**
 * A fixed-window counter per key, in this process: right for one Node or Deno instance
 * (several instances share Redis instead). At most `maxKeys` windows are kept; past that,
 * expired windows are dropped first, then the oldest.
 *
 * @example
 * const limiter = createMemoryRateLimiter({ now: () => Date.now() });
 */
export function createMemoryRateLimiter({
  now = () => Date.now(),
  maxKeys = 100_000,
}: { now?: () => number; maxKeys?: number } = {}): RateLimiter {
  const windows = new Map<string, { count: number; resetAt: number }>();
  const prune = (at: number) => {
    for (const [key, window] of windows) if (window.resetAt <= at) windows.delete(key);
    for (const key of windows.keys()) {
      if (windows.size < maxKeys) break;
      windows.delete(key);
    }
  };
  return {
    hit(key, policy) {
      const at = now();
      const scoped = `${policy.name}:${key}`;
      let window = windows.get(scoped);
      if (!window || window.resetAt <= at) {
        if (windows.size >= maxKeys) prune(at);
        window = { count: 0, resetAt: at + policy.windowSeconds * 1000 };
        windows.set(scoped, window);
      }
      window.count++;
      return Promise.resolve({
        allowed: window.count <= policy.limit,
        remaining: Math.max(0, policy.limit - window.count),
        resetSeconds: Math.max(1, Math.ceil((window.resetAt - at) / 1000)),
      });
    },
  };
}
