import type { Logger } from '../../kit/log/logger.ts';
import { atMostEvery, PRUNE_EVERY_MS } from '../at-most-every.ts';
import type { Clock } from '../../kit/runtime.ts';
import type { OutboxEmailResponse } from '../../models/dtos/email/repository/email.repository.dtos.ts';
import type { EmailGateway } from '../../repositories/email/email.gateway.port.ts';
import type { OutboxRepository } from '../../repositories/email/outbox.repository.port.ts';

export interface OutboxDispatchDeps {
  readonly outbox: OutboxRepository;
  readonly email: EmailGateway;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Give up on an email after this many failed sends. */
  readonly maxAttempts: number;
  /** The wait after the first failure; each further failure doubles it (capped at an hour). */
  readonly retryBaseSeconds: number;
}

/** How long a claim holds an email: longer than one send may take. */
const LEASE_MS = 60_000;
const BATCH = 20;
const MAX_BACKOFF_MS = 3_600_000;

export interface DrainReport {
  readonly sent: number;
  readonly failed: number;
}

/** The wait before the attempt after `failures` failed ones: exponential, capped. */
function retryDelayMs(failures: number, baseSeconds: number): number {
  return Math.min(baseSeconds * 1000 * 2 ** Math.max(0, failures - 1), MAX_BACKOFF_MS);
}

/**
 * Sends what is due in the outbox, batch by batch, until nothing due is left: each batch
 * claimed (leased) in one write, its emails sent one by one, and those sent marked in one
 * write when the batch is done (sooner when a send fails: a run of slow failures, each up to
 * the provider's timeout, cannot then hold the marks of earlier sends past their lease); a
 * failure is logged and retried later with backoff, and after `maxAttempts` failures given
 * up (logged as an error, listed by `cli outbox`). Never throws for a failed send; a storage
 * fault ends the run (the next run retries; an email sent but not yet marked is sent again
 * once its lease runs out: delivery is at least once). The log names the email's id and
 * subject, never its text (it may hold a token).
 *
 * @example
 * await drainOutbox(deps)();
 */
export const drainOutbox = (deps: OutboxDispatchDeps) => async (): Promise<DrainReport> => {
  let sent = 0;
  let failed = 0;
  for (;;) {
    const now = deps.clock();
    const claimed = await deps.outbox.claimDue({
      now,
      leaseUntil: new Date(now.getTime() + LEASE_MS),
      limit: BATCH,
    });
    let unmarked: string[] = [];
    const markSent = async () => {
      const ids = unmarked;
      if (ids.length === 0) return;
      unmarked = [];
      await deps.outbox.markSent(ids, deps.clock());
      sent += ids.length;
    };
    for (const email of claimed) {
      const outcome = await sendOne(deps, email);
      if (outcome.sent) {
        unmarked.push(email.id);
        continue;
      }
      await markSent();
      await recordFailure(deps, email, outcome.error);
      failed++;
    }
    await markSent();
    if (claimed.length < BATCH) return { sent, failed };
  }
};

/** Sends one email; a rejection, whatever its reason (even none), is a failed send. */
async function sendOne(
  deps: OutboxDispatchDeps,
  email: OutboxEmailResponse,
): Promise<{ readonly sent: true } | { readonly sent: false; readonly error: unknown }> {
  try {
    await deps.email.send({ to: email.to, subject: email.subject, text: email.text });
    return { sent: true };
  } catch (error) {
    return { sent: false, error };
  }
}

/** Records a failed send: due again after the backoff, or given up after `maxAttempts`. */
async function recordFailure(
  deps: OutboxDispatchDeps,
  email: OutboxEmailResponse,
  error: unknown,
): Promise<void> {
  const failures = email.attempts + 1;
  const now = deps.clock();
  const givingUp = failures >= deps.maxAttempts;
  const nextAttemptAt = new Date(now.getTime() + retryDelayMs(failures, deps.retryBaseSeconds));
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  await deps.outbox.recordFailedSend({
    id: email.id,
    nextAttemptAt,
    failedAt: givingUp ? now : null,
    error: message,
  });
  const details = { emailId: email.id, subject: email.subject, attempts: failures };
  if (givingUp) deps.logger.error('email given up', { ...details, error: message });
  else
    deps.logger.warn('email send failed: will retry', {
      ...details,
      retryAt: nextAttemptAt.toISOString(),
      error: message,
    });
}

/** How long an email stays in the outbox once sent or given up: for `cli outbox` and support. */
const SETTLED_RETENTION_MS = 30 * 24 * 3_600_000;

/**
 * Deletes the emails settled (sent or given up) more than 30 days ago, at most once an hour
 * per dispatcher (a process, an isolate); otherwise answers 0 without touching storage. So
 * the outbox stays as large as 30 days of mail, not as large as all mail ever sent. A prune
 * that fails does not count: the next call tries again.
 */
export const pruneOutbox = (deps: Pick<OutboxDispatchDeps, 'outbox' | 'clock'>) =>
  atMostEvery(PRUNE_EVERY_MS, deps.clock, 0, (now) =>
    deps.outbox.pruneSettled(new Date(now.getTime() - SETTLED_RETENTION_MS)),
  );
