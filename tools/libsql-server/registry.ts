import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { SqlConnection } from './connection.ts';
import { HranaHttpError } from './protocol.ts';
import { HranaStream } from './stream.ts';

// Expired stream ids are remembered for a while, so that a late request gets "expired"
// rather than "invalid baton" (as in sqld).
const EXPIRED_MEMORY_MS = 5 * 60_000;
const EXPIRED_MEMORY_MAX = 10_000;

/** A stream reserved for the one HTTP request that holds it. */
export interface StreamLease {
  readonly id: string;
  readonly stream: HranaStream;
}

interface Entry extends StreamLease {
  /** The secret half of the only baton that may claim the stream; unset while leased. */
  secret: Buffer | undefined;
  idleTimer: NodeJS.Timeout | undefined;
}

export interface StreamRegistryOptions {
  readonly openConnection: () => SqlConnection;
  readonly idleTimeoutMs: number;
}

const batonError = (code: string, message: string, status = 400): HranaHttpError =>
  new HranaHttpError(status, code, message);

/**
 * The open streams and their batons. A baton is `<stream id>.<secret>`: both halves are
 * random, the secret is replaced on every request, so a baton is unguessable and single-use.
 */
export class StreamRegistry {
  readonly #live = new Map<string, Entry>();
  readonly #expired = new Map<string, number>();
  readonly #options: StreamRegistryOptions;

  constructor(options: StreamRegistryOptions) {
    this.#options = options;
  }

  /** The number of open streams. */
  get size(): number {
    return this.#live.size;
  }

  /** Leases the stream that `baton` names, or a new stream when there is no baton. */
  acquire(baton: string | undefined): StreamLease {
    if (baton === undefined) {
      const entry: Entry = {
        id: randomBytes(12).toString('base64url'),
        stream: new HranaStream(this.#options.openConnection()),
        secret: undefined,
        idleTimer: undefined,
      };
      this.#live.set(entry.id, entry);
      return entry;
    }
    const [id = '', secret = '', ...rest] = baton.split('.');
    const entry = rest.length === 0 ? this.#live.get(id) : undefined;
    if (!entry) {
      if (this.#expired.has(id)) {
        // sqld answers an expired stream with HTTP 500 too.
        throw batonError('STREAM_EXPIRED', 'The stream has expired due to inactivity', 500);
      }
      throw batonError('BATON_INVALID', 'Received an invalid baton');
    }
    const given = Buffer.from(secret, 'base64url');
    if (!entry.secret || given.length !== entry.secret.length) {
      throw batonError('BATON_REUSED', 'Received a baton that has already been used');
    }
    if (!timingSafeEqual(given, entry.secret)) {
      throw batonError('BATON_REUSED', 'Received a baton that has already been used');
    }
    entry.secret = undefined;
    clearTimeout(entry.idleTimer);
    return entry;
  }

  /** Ends a lease: returns the next baton, or null if the stream was closed meanwhile. */
  release(lease: StreamLease): string | null {
    const entry = this.#entry(lease);
    if (!entry) return null;
    if (!entry.stream.isOpen) {
      this.#live.delete(entry.id);
      return null;
    }
    entry.secret = randomBytes(24);
    entry.idleTimer = setTimeout(() => {
      this.#expire(entry);
    }, this.#options.idleTimeoutMs);
    entry.idleTimer.unref();
    return `${entry.id}.${entry.secret.toString('base64url')}`;
  }

  /** Ends a lease and the stream with it (after a protocol error). */
  discard(lease: StreamLease): void {
    lease.stream.close();
    const entry = this.#entry(lease);
    if (entry) this.#live.delete(entry.id);
  }

  /** Closes every stream, rolling back their transactions. */
  closeAll(): void {
    for (const entry of this.#live.values()) {
      clearTimeout(entry.idleTimer);
      entry.stream.close();
    }
    this.#live.clear();
    this.#expired.clear();
  }

  #entry(lease: StreamLease): Entry | undefined {
    const entry = this.#live.get(lease.id);
    return entry === lease ? entry : undefined;
  }

  #expire(entry: Entry): void {
    entry.stream.close();
    this.#live.delete(entry.id);
    const now = Date.now();
    this.#expired.set(entry.id, now);
    for (const [id, expiredAt] of this.#expired) {
      if (expiredAt > now - EXPIRED_MEMORY_MS && this.#expired.size <= EXPIRED_MEMORY_MAX) break;
      this.#expired.delete(id);
    }
  }
}
