import { describe, expect, it } from 'vitest';
import { DatabaseError, guardDriverErrors } from '../../../src/db/driver-errors.ts';

/** One guarded operation that fails with `error`. */
const failingWith = (error: Error) =>
  guardDriverErrors('users.insert', { insert: () => Promise.reject(error) }).insert();

describe('guardDriverErrors', () => {
  it('answers a remote request that failed below HTTP (fetch failed, no code) with 503', async () => {
    const error = await failingWith(
      new TypeError('fetch failed', { cause: new Error('other side closed') }),
    ).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 503, code: 'SERVICE_UNAVAILABLE', retryAfterSeconds: 5 });
    expect((error as { cause: unknown }).cause).toBeInstanceOf(DatabaseError);
    expect((error as { cause: Error }).cause.message).toContain('FETCH_FAILED');
  });

  it('answers an aborted (timed-out) remote request with 503', async () => {
    const error = await failingWith(new DOMException('timed out', 'TimeoutError')).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ status: 503 });
    expect((error as { cause: Error }).cause.message).toContain('TIMEOUT');
  });

  it('keeps any other TypeError a bug: a DatabaseError, never a 503', async () => {
    const error = await failingWith(new TypeError('x is not a function')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatabaseError);
    expect(error).not.toMatchObject({ status: 503 });
  });
});
