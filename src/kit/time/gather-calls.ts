/**
 * Gathers the calls made within `windowMs` of a first one into one run of `task`, started when
 * that window closes; every call of the window gets that run's promise. A call made once the
 * run has started opens a new window: the run may already have read past what that call is
 * about. With `windowMs` 0 every call runs `task` at once, alone.
 *
 * Used for the outbox's sends after a commit: the emails that several requests queued within
 * the window are claimed and marked sent in one write each, not in two writes an email.
 *
 * @example
 * const emailsQueued = gatherCalls(100, () => drainOutbox(deps)());
 */
export function gatherCalls<T>(windowMs: number, task: () => Promise<T>): () => Promise<T> {
  if (windowMs <= 0) return task;
  let gathering: Promise<T> | undefined;
  return () => {
    gathering ??= new Promise<void>((resolve) => {
      setTimeout(resolve, windowMs);
    }).then(() => {
      gathering = undefined;
      return task();
    });
    return gathering;
  };
}
