/** Reads by key, each remembered while the database is unchanged. */
export type VersionedMemo<V> = (key: string, load: () => Promise<V>) => Promise<V>;

/**
 * Makes a `VersionedMemo` of at most `maxEntries`: what a composition root hands the
 * adapters that remember reads. Node and Deno pass `versionedMemo` over the embedded file;
 * the Worker, whose libSQL is over HTTP and has no version to check, passes none, so its
 * bundle carries neither that module nor its LRU.
 */
export type RememberReads = <V>(maxEntries: number) => VersionedMemo<V>;
