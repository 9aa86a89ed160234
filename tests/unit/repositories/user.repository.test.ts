import { describe, expect, it } from 'vitest';
import type { Cache } from '../../../src/kit/cache/cache.port.ts';
import { createMemoryCache } from '../../../src/kit/cache/memory-cache.ts';
import { resilientCache } from '../../../src/kit/cache/resilient-cache.ts';
import { createLogger } from '../../../src/kit/log/logger.ts';
import type { UserResponse } from '../../../src/models/dtos/user/repository/user.repository.dtos.ts';
import { UserAlreadyExistsError } from '../../../src/models/errors/user.errors.ts';
import { createUserCacheAdapter } from '../../../src/repositories/user/adapters/user-cache.adapter.ts';
import type { UserDbAdapter } from '../../../src/repositories/user/adapters/user-db.adapter.ts';
import { createUserRepository } from '../../../src/repositories/user/user.repository.ts';

const ada: UserResponse = {
  id: '00000000-0000-4000-8000-000000000001',
  username: 'ada',
  email: 'ada@example.com',
  role: 'user',
  status: 'active',
  emailVerified: false,
  createdAt: new Date('2026-01-01T00:00:00Z'),
  updatedAt: new Date('2026-01-01T00:00:00Z'),
  lastLoginAt: null,
  mfaEnabled: false,
};

/** A database adapter that counts reads and can be told to fail writes. */
function fakeDb() {
  let row: UserResponse | undefined = ada;
  const calls = { findById: 0 };
  let failWrites = false;
  const db: UserDbAdapter = {
    insert: () => Promise.reject(new Error('not used')),
    findById: () => {
      calls.findById++;
      return Promise.resolve(row);
    },
    search: () => Promise.resolve({ items: row ? [row] : [], total: row ? 1 : 0 }),
    update: ({ username }) => {
      if (failWrites) return Promise.reject(new UserAlreadyExistsError('username'));
      row = row && { ...row, ...(username ? { username } : {}) };
      return Promise.resolve(row);
    },
    changeStatus: ({ status }) => {
      row = row && { ...row, status };
      return Promise.resolve(row);
    },
    changeRole: ({ role }) => {
      row = row && { ...row, role };
      return Promise.resolve(row);
    },
    softDelete: () => {
      const existed = row !== undefined;
      row = undefined;
      return Promise.resolve(existed);
    },
  };
  return {
    db,
    calls,
    failWrites: () => {
      failWrites = true;
    },
  };
}

function repository(cache: Cache = createMemoryCache()) {
  const fake = fakeDb();
  const users = createUserRepository({ db: fake.db, cache: createUserCacheAdapter(cache) });
  return { users, ...fake };
}

describe('the user repository (cache-aside)', () => {
  it('reads through the cache: a second read does not reach the database', async () => {
    const { users, calls } = repository();
    expect(await users.findById({ id: ada.id })).toEqual(ada);
    expect(await users.findById({ id: ada.id })).toEqual(ada);
    expect(calls.findById).toBe(1);
  });

  it('reads the database for a fresh read', async () => {
    const { users, calls } = repository();
    await users.findById({ id: ada.id });
    await users.findById({ id: ada.id, fresh: true });
    expect(calls.findById).toBe(2);
  });

  it.each([
    [
      'update',
      (u: ReturnType<typeof repository>['users']) =>
        u.update({ id: ada.id, username: 'ada2', now: new Date() }),
    ],
    [
      'changeStatus',
      (u: ReturnType<typeof repository>['users']) =>
        u.changeStatus({ id: ada.id, status: 'suspended', now: new Date() }),
    ],
    [
      'delete',
      (u: ReturnType<typeof repository>['users']) => u.delete({ id: ada.id, now: new Date() }),
    ],
  ])('evicts the cached user after a committed %s', async (_name, write) => {
    const { users, calls } = repository();
    await users.findById({ id: ada.id });
    await write(users);
    const after = await users.findById({ id: ada.id });
    expect(calls.findById).toBe(2);
    expect(after).not.toEqual(ada);
  });

  it('leaves the cache alone when a write fails', async () => {
    const cache = createMemoryCache();
    const { users, failWrites } = repository(cache);
    await users.findById({ id: ada.id });
    failWrites();
    await expect(users.update({ id: ada.id, username: 'x12', now: new Date() })).rejects.toThrow();
    expect(await cache.get(`user:v4:${ada.id}`)).toBeDefined();
  });

  it('keeps answering from the database when the cache is down', async () => {
    const down: Cache = {
      get: () => Promise.reject(new Error('down')),
      put: () => Promise.reject(new Error('down')),
      delete: () => Promise.reject(new Error('down')),
    };
    const { users } = repository(resilientCache(down, createLogger({ level: 'silent' })));
    expect(await users.findById({ id: ada.id })).toEqual(ada);
    expect(await users.delete({ id: ada.id, now: new Date() })).toBe(true);
  });
});
