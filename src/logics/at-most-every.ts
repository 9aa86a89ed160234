import type { Clock } from '../kit/runtime.ts';

/** How often, at most, a process or isolate runs each of the runtimes' prune chores. */
export const PRUNE_EVERY_MS = 60 * 60 * 1000;

/**
 * A chore run at most once per `everyMs` of `clock` (per process or isolate): a call within
 * that answers `idle` without running it. The slot is claimed before the chore awaits, so
 * overlapping calls run it once; a run that fails gives the slot back, so the next call
 * tries again rather than an interval later.
 *
 * @example
 * const prune = atMostEvery(3_600_000, clock, 0, (now) => outbox.pruneSettled(before(now)));
 */
export function atMostEvery<T>(
  everyMs: number,
  clock: Clock,
  idle: T,
  chore: (now: Date) => Promise<T>,
): () => Promise<T> {
  let ranAt = Number.NEGATIVE_INFINITY;
  return async () => {
    const now = clock();
    if (now.getTime() - ranAt < everyMs) return idle;
    const previous = ranAt;
    ranAt = now.getTime();
    try {
      return await chore(now);
    } catch (error) {
      ranAt = previous;
      throw error;
    }
  };
}
