import { describe, expect, it } from 'vitest';
import type { Cache } from '../../../src/kit/cache/cache.port.ts';
import { createMemoryCache } from '../../../src/kit/cache/memory-cache.ts';
import { resilientCache } from '../../../src/kit/cache/resilient-cache.ts';
import { createLogger } from '../../../src/kit/log/logger.ts';

describe('the in-process cache', () => {
  it('gets what was put, until it is deleted', async () => {
    const cache = createMemoryCache();
    await cache.put('k', { a: 1 }, 60);
    expect(await cache.get('k')).toEqual({ a: 1 });
    await cache.delete('k');
    expect(await cache.get('k')).toBeUndefined();
  });

  it('keeps what was put as KV would give it back, and no caller can change it', async () => {
    const cache = createMemoryCache();
    const put = { a: 1, at: new Date(0), list: [{ b: 2 }] };
    await cache.put('k', put, 60);
    // Changing the object that was put changes nothing cached.
    put.list.push({ b: 3 });
    const first = await cache.get<{ a: number; at: string; list: { b: number }[] }>('k');
    expect(first).toEqual({ a: 1, at: '1970-01-01T00:00:00.000Z', list: [{ b: 2 }] });
    // What comes out is frozen through and through: a change throws instead of sticking.
    expect(() => {
      if (first) first.a = 2;
    }).toThrow(TypeError);
    expect(() => first?.list[0] && (first.list[0].b = 4)).toThrow(TypeError);
    expect(await cache.get('k')).toEqual({
      a: 1,
      at: '1970-01-01T00:00:00.000Z',
      list: [{ b: 2 }],
    });
  });

  it('forgets an entry after its TTL', async () => {
    let clock = 1_000;
    const cache = createMemoryCache({ now: () => clock });
    await cache.put('k', 1, 60);
    clock += 59_000;
    expect(await cache.get('k')).toBe(1);
    clock += 2_000;
    expect(await cache.get('k')).toBeUndefined();
  });

  it('evicts the least recently used entry past its bound', async () => {
    const cache = createMemoryCache({ maxEntries: 2 });
    await cache.put('a', 1, 60);
    await cache.put('b', 2, 60);
    await cache.get('a');
    await cache.put('c', 3, 60);
    expect(await cache.get('b')).toBeUndefined();
    expect(await cache.get('a')).toBe(1);
  });
});

describe('resilientCache', () => {
  const broken: Cache = {
    get: () => Promise.reject(new Error('kv down')),
    put: () => Promise.reject(new Error('kv down')),
    delete: () => Promise.reject(new Error('kv down')),
  };

  it('turns failures into misses and logs the first of each kind once as a warning', async () => {
    const lines: string[] = [];
    const cache = resilientCache(
      broken,
      createLogger({ level: 'warn', write: (l) => lines.push(l) }),
    );
    expect(await cache.get('a')).toBeUndefined();
    expect(await cache.get('b')).toBeUndefined();
    await cache.put('a', 1, 60);
    await cache.delete('a');
    expect(lines).toHaveLength(3);
    expect(lines.every((l) => l.includes('"level":"warn"') && l.includes('kv down'))).toBe(true);
  });
});
