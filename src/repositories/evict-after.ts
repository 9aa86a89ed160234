/**
 * Cache-aside after a committed write: the user's cached entry is evicted once the write
 * has returned (never before, so a failed write leaves the cache as it was), and the
 * write's own answer is passed on.
 *
 * @example
 * return evictAfter(cache.evict, command.id, await db.update(command));
 */
export async function evictAfter<T>(
  evict: (userId: string) => Promise<void>,
  userId: string,
  written: T,
): Promise<T> {
  await evict(userId);
  return written;
}
