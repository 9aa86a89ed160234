import { drainOutbox, pruneOutbox, type OutboxDispatchDeps } from './outbox-dispatch.logic.ts';

/** The email use cases: the outbox's dispatcher and what an operator reads of it. */
export type EmailLogic = ReturnType<typeof createEmailLogic>;

export function createEmailLogic(deps: OutboxDispatchDeps) {
  return {
    /** Sends what is due; the runtimes call it after responses, on a timer or a Cron Trigger. */
    drain: drainOutbox(deps),
    /** Deletes long-settled emails, at most hourly; the runtimes call it after draining. */
    prune: pruneOutbox(deps),
    /** Pending and given-up emails, for `cli outbox`. */
    listUnsent: () => deps.outbox.listUnsent(),
  };
}
