import type { Client } from '@libsql/client';
import { LRUCache } from 'lru-cache';
import type { DataVersionSource } from './embedded-client.ts';
import type { RememberReads, VersionedMemo } from './remember-reads.port.ts';

const hasDataVersion = (client: Client): client is Client & DataVersionSource =>
  typeof (client as Partial<DataVersionSource>).dataVersion === 'function';

/**
 * Remembers what `load` read for a key for as long as no write has committed to the
 * database since, by this process or any other: before each use the client's
 * `dataVersion` (one header read, no transaction) must still be the one the value was read
 * under. So a change is seen on the very next read, as without the memo; what is saved is
 * the read transaction itself (a shared lock taken and released, the hot-journal check, the
 * header read under the lock, the statement): a sixth to a fifth of an authenticated GET's
 * time on the embedded file (tools/bench/notes.md, twelfth pass). SQLite validates its own
 * page cache the same way.
 *
 * A value is kept only when the version was the same before and after its read, so a read
 * that overlapped a commit (or a rolled-back write) is never remembered under the wrong
 * version. Failures are not remembered. A client without `dataVersion` (libSQL over HTTP),
 * or one that cannot know it now (in memory, WAL), reads every time. At most `maxEntries`
 * are kept, the least recently used dropped first; every entry goes when the version moves.
 *
 * @example
 * const memo = versionedMemo(db.$client, 1_000);
 * const row = await memo(`${userId} ${sessionId}`, () => principalById({ id: userId, sid: sessionId }));
 */
export function versionedMemo<V>(client: Client, maxEntries: number): VersionedMemo<V> {
  if (!hasDataVersion(client)) return (_key, load) => load();
  // Boxed: a read that found nothing (undefined) is remembered too, and the LRU holds no undefined.
  const entries = new LRUCache<string, { readonly value: V }>({ max: maxEntries });
  let entriesVersion: string | undefined;
  return async (key, load) => {
    const before = client.dataVersion();
    if (before === undefined) return load();
    if (before !== entriesVersion) {
      entries.clear();
      entriesVersion = before;
    } else {
      const remembered = entries.get(key);
      if (remembered) return remembered.value;
    }
    const value = await load();
    if (client.dataVersion() === before && entriesVersion === before) {
      entries.set(key, { value });
    }
    return value;
  };
}

/**
 * `versionedMemo` over `client`, as a composition root hands it to the adapters
 * (`RuntimeParts.remember`).
 *
 * @example
 * composeDeps({ ...parts, remember: rememberReadsOf(client) });
 */
export function rememberReadsOf(client: Client): RememberReads {
  return (maxEntries) => versionedMemo(client, maxEntries);
}
