import type { Client } from '@libsql/client';
import { describe, expect, it } from 'vitest';
import { versionedMemo } from '../../../src/db/versioned-memo.ts';

/** A client whose data version the test sets, as commits would move it. */
function versioned(initial: string | undefined) {
  const state = { version: initial };
  const client = { dataVersion: () => state.version } as unknown as Client;
  return { state, client };
}

/** A load that counts its calls and answers what `answer` says at the time. */
function counting<V>(answer: () => V) {
  const load = Object.assign(
    () => {
      load.calls++;
      return Promise.resolve(answer());
    },
    { calls: 0 },
  );
  return load;
}

describe('versionedMemo', () => {
  it('answers a key from memory while the version stays, and reads again once it moves', async () => {
    const { state, client } = versioned('1:a');
    const memo = versionedMemo<string>(client, 10);
    let stored = 'active';
    const load = counting(() => stored);
    expect(await memo('k', load)).toBe('active');
    expect(await memo('k', load)).toBe('active');
    expect(load.calls).toBe(1);
    stored = 'suspended';
    state.version = '1:b';
    expect(await memo('k', load)).toBe('suspended');
    expect(load.calls).toBe(2);
  });

  it('remembers that there was nothing, as it remembers a value', async () => {
    const { client } = versioned('1:a');
    const memo = versionedMemo<string | undefined>(client, 10);
    const load = counting(() => undefined);
    expect(await memo('gone', load)).toBeUndefined();
    expect(await memo('gone', load)).toBeUndefined();
    expect(load.calls).toBe(1);
  });

  it('keeps nothing read while the version moved, so the next call reads again', async () => {
    const { state, client } = versioned('1:a');
    const memo = versionedMemo<string>(client, 10);
    const load = counting(() => {
      state.version = '1:b'; // a commit lands during the read
      return 'read during a commit';
    });
    await memo('k', load);
    await memo('k', load);
    expect(load.calls).toBe(2);
  });

  it('reads every time when the version cannot be known', async () => {
    const { client } = versioned(undefined);
    const memo = versionedMemo<string>(client, 10);
    const load = counting(() => 'value');
    await memo('k', load);
    await memo('k', load);
    expect(load.calls).toBe(2);
  });

  it('reads every time on a client that has no data version (libSQL over HTTP)', async () => {
    const memo = versionedMemo<string>({} as Client, 10);
    const load = counting(() => 'value');
    await memo('k', load);
    await memo('k', load);
    expect(load.calls).toBe(2);
  });

  it('does not remember a failed read', async () => {
    const { client } = versioned('1:a');
    const memo = versionedMemo<string>(client, 10);
    let fail = true;
    const load = counting(() => {
      if (fail) throw new Error('SQLITE_BUSY');
      return 'value';
    });
    await expect(memo('k', load)).rejects.toThrow('SQLITE_BUSY');
    fail = false;
    expect(await memo('k', load)).toBe('value');
    expect(load.calls).toBe(2);
  });

  it('keeps at most its bound of keys, dropping the oldest first', async () => {
    const { client } = versioned('1:a');
    const memo = versionedMemo<string>(client, 2);
    const loads = { a: counting(() => 'a'), b: counting(() => 'b'), c: counting(() => 'c') };
    await memo('a', loads.a);
    await memo('b', loads.b);
    await memo('c', loads.c);
    await memo('b', loads.b);
    await memo('c', loads.c);
    await memo('a', loads.a);
    expect([loads.a.calls, loads.b.calls, loads.c.calls]).toEqual([2, 1, 1]);
  });
});
