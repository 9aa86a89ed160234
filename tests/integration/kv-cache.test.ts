import { convertV4MiniflareOptions, Miniflare } from 'miniflare';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKvCache, type KvNamespaceLike } from '../../src/kit/cache/kv-cache.ts';
import { createUserCacheAdapter } from '../../src/repositories/user/adapters/user-cache.adapter.ts';

let mf: Miniflare;
let kv: KvNamespaceLike;

beforeAll(async () => {
  mf = new Miniflare(
    convertV4MiniflareOptions({
      modules: true,
      script: 'export default { fetch() { return new Response(null) } }',
      compatibilityDate: '2026-10-23',
      kvNamespaces: ['CACHE'],
    }),
  );
  kv = await mf.getKVNamespace('CACHE');
});

afterAll(async () => {
  await mf.dispose();
});

describe('the KV cache on Miniflare’s real KV', () => {
  it('puts, gets and deletes JSON values', async () => {
    const cache = createKvCache(kv);
    await cache.put('a', { n: 1, s: 'x' }, 300);
    expect(await cache.get('a')).toEqual({ n: 1, s: 'x' });
    await cache.delete('a');
    expect(await cache.get('a')).toBeUndefined();
  });

  it('raises a TTL under KV’s 60 s minimum instead of failing', async () => {
    await expect(kv.put('raw', '1', { expirationTtl: 5 })).rejects.toThrow();
    const cache = createKvCache(kv);
    await cache.put('short', 1, 5);
    expect(await cache.get('short')).toBe(1);
  });

  it('keeps separate prefixes apart', async () => {
    await createKvCache(kv, { prefix: 'one:' }).put('k', 1, 60);
    expect(await createKvCache(kv, { prefix: 'two:' }).get('k')).toBeUndefined();
  });

  it('round-trips a cached user with its dates', async () => {
    const users = createUserCacheAdapter(createKvCache(kv));
    const user = {
      id: '00000000-0000-4000-8000-000000000001',
      username: 'ada',
      email: 'ada@example.com',
      role: 'user' as const,
      status: 'active' as const,
      emailVerified: false,
      createdAt: new Date('2026-01-01T00:00:00.000Z'),
      updatedAt: new Date('2026-01-02T00:00:00.000Z'),
      lastLoginAt: null,
      mfaEnabled: false,
    };
    await users.put(user);
    expect(await users.get(user.id)).toEqual(user);
    await users.evict(user.id);
    expect(await users.get(user.id)).toBeUndefined();
  });
});
