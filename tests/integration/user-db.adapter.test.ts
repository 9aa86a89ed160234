import { sql } from 'drizzle-orm';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/client.ts';
import { DatabaseError } from '../../src/db/driver-errors.ts';
import { ServiceUnavailableError } from '../../src/kit/errors/catalogue.ts';
import type { CreateUserCommand } from '../../src/models/dtos/user/repository/user.repository.dtos.ts';
import { UserAlreadyExistsError } from '../../src/models/errors/user.errors.ts';
import { createUserDbAdapter } from '../../src/repositories/user/adapters/user-db.adapter.ts';
import { TestDatabaseFactory } from '../support/test-database.ts';

const factory = new TestDatabaseFactory();
const handles: DatabaseHandle[] = [];
afterAll(() => {
  for (const handle of handles) handle.client.close();
  factory.dispose();
});

let adapter: ReturnType<typeof createUserDbAdapter>;
let seq = 0;
beforeEach(async () => {
  const handle = await factory.create();
  handles.push(handle);
  adapter = createUserDbAdapter(handle.db);
});

const base = new Date('2026-03-01T00:00:00.000Z');
function command(username: string, overrides: Partial<CreateUserCommand> = {}): CreateUserCommand {
  seq++;
  return {
    id: `00000000-0000-4000-8000-${String(seq).padStart(12, '0')}`,
    username,
    email: `${username.toLowerCase()}@example.com`,
    passwordHash: 'pbkdf2-sha256$1$a$b',
    role: 'user',
    now: new Date(base.getTime() + seq * 1000),
    ...overrides,
  };
}

describe('the Drizzle user adapter on libSQL', () => {
  it('stores and reads back a user, without the password hash', async () => {
    const created = await adapter.insert(command('ada'));
    expect(await adapter.findById(created.id)).toEqual(created);
    expect(created).not.toHaveProperty('passwordHash');
  });

  it('enforces username uniqueness case-insensitively and names the field', async () => {
    await adapter.insert(command('Ada'));
    const error = await adapter
      .insert(command('aDA', { email: 'other@example.com' }))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserAlreadyExistsError);
    expect(error).toMatchObject({ field: 'username' });
  });

  it('enforces email uniqueness case-insensitively and names the field', async () => {
    await adapter.insert(command('ada'));
    await expect(
      adapter.insert(command('bob', { email: 'ADA@example.com' })),
    ).rejects.toMatchObject({
      field: 'email',
    });
  });

  it('frees a soft-deleted user’s username and email, and hides the deleted user', async () => {
    const first = await adapter.insert(command('ada'));
    expect(await adapter.softDelete({ id: first.id, now: base })).toBe(true);
    expect(await adapter.findById(first.id)).toBeUndefined();
    expect(await adapter.softDelete({ id: first.id, now: base })).toBe(false);
    const second = await adapter.insert(command('ADA', { email: 'ada@example.com' }));
    expect(second.id).not.toBe(first.id);
  });

  it('lets no driver error out: a failure names the operation and code, never the parameters', async () => {
    const handle = await factory.create();
    const broken = createUserDbAdapter(handle.db);
    await handle.client.execute('drop table refresh_tokens');
    await handle.client.execute('drop table users');
    const error = await broken.insert(command('leaky')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatabaseError);
    expect(error).toMatchObject({ operation: 'users.insert', code: 'SQLITE_ERROR' });
    expect((error as Error).message).not.toContain('leaky@example.com');
    expect((error as Error).message).not.toContain('pbkdf2');
  });

  it('answers a storage fault as 503 with Retry-After, the operation and code in its cause', async () => {
    const handle = await factory.create();
    const closed = createUserDbAdapter(handle.db);
    handle.client.close();
    const error = await closed.insert(command('leaky')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServiceUnavailableError);
    expect(error).toMatchObject({ status: 503, retryAfterSeconds: 5 });
    expect((error as Error).cause).toMatchObject({
      operation: 'users.insert',
      code: 'CLIENT_CLOSED',
    });
    expect(String((error as Error).cause)).not.toContain('leaky@example.com');
  });

  it('lets exactly one of 20 concurrent registrations of one username win', async () => {
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) =>
        adapter.insert(command('racer', { email: `r${i}@example.com` })),
      ),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.filter((r) => r.status === 'rejected');
    expect(rejected).toHaveLength(19);
    for (const r of rejected) expect(r.reason).toBeInstanceOf(UserAlreadyExistsError);
  });

  it('updates a live user, refuses a taken username, and ignores a deleted one', async () => {
    const ada = await adapter.insert(command('ada'));
    const bob = await adapter.insert(command('bob'));
    const updated = await adapter.update({ id: ada.id, email: 'new@example.com', now: base });
    expect(updated?.email).toBe('new@example.com');
    await expect(adapter.update({ id: ada.id, username: 'BOB', now: base })).rejects.toMatchObject({
      field: 'username',
    });
    await adapter.softDelete({ id: bob.id, now: base });
    expect(await adapter.update({ id: bob.id, username: 'bobby', now: base })).toBeUndefined();
  });

  describe('search', () => {
    beforeEach(async () => {
      for (const name of ['carol', 'Alice', 'bob_smith', 'alina', 'Bobby'])
        await adapter.insert(command(name));
      const [gone] = (
        await adapter.search({ username: 'alina', limit: 1, offset: 0, sort: 'username' })
      ).items;
      if (gone) await adapter.softDelete({ id: gone.id, now: base });
      const [bobby] = (
        await adapter.search({ username: 'bobby', limit: 1, offset: 0, sort: 'username' })
      ).items;
      if (bobby) await adapter.changeStatus({ id: bobby.id, status: 'suspended', now: base });
    });

    const names = async (query: Parameters<typeof adapter.search>[0]) =>
      (await adapter.search(query)).items.map((u) => u.username);
    const all = { limit: 20, offset: 0, sort: 'username' } as const;

    it('matches username case-insensitively by contains, treating _ and % literally', async () => {
      expect(await names({ ...all, username: 'BOB' })).toEqual(['bob_smith', 'Bobby']);
      expect(await names({ ...all, username: 'b_s' })).toEqual(['bob_smith']);
      expect(await names({ ...all, username: '%' })).toEqual([]);
    });

    it('matches email exactly, and filters by status', async () => {
      expect(await names({ ...all, email: 'carol@example.com' })).toEqual(['carol']);
      expect(await names({ ...all, email: 'carol@example' })).toEqual([]);
      expect(await names({ ...all, status: 'suspended' })).toEqual(['Bobby']);
    });

    it('filters by an inclusive created range', async () => {
      const page = await adapter.search({ ...all, sort: 'createdAt' });
      const [, second, third] = page.items;
      expect(
        await names({
          ...all,
          sort: 'createdAt',
          createdFrom: second?.createdAt,
          createdTo: third?.createdAt,
        }),
      ).toEqual([second?.username, third?.username]);
    });

    it('sorts four ways and never shows deleted users', async () => {
      expect(await names({ ...all, sort: 'username' })).toEqual([
        'Alice',
        'bob_smith',
        'Bobby',
        'carol',
      ]);
      expect(await names({ ...all, sort: '-username' })).toEqual([
        'carol',
        'Bobby',
        'bob_smith',
        'Alice',
      ]);
      expect(await names({ ...all, sort: 'createdAt' })).toEqual([
        'carol',
        'Alice',
        'bob_smith',
        'Bobby',
      ]);
      expect(await names({ ...all, sort: '-createdAt' })).toEqual([
        'Bobby',
        'bob_smith',
        'Alice',
        'carol',
      ]);
    });

    it('pages with a total of every match', async () => {
      const page = await adapter.search({ limit: 2, offset: 2, sort: 'username' });
      expect(page.items.map((u) => u.username)).toEqual(['Bobby', 'carol']);
      expect(page.total).toBe(4);
    });
  });

  describe('search through the trigram index (users_search)', () => {
    const all = { limit: 50, offset: 0, sort: 'username' } as const;
    const found = async (username: string) => {
      const page = await adapter.search({ ...all, username });
      return { names: page.items.map((u) => u.username), total: page.total };
    };

    it('answers terms of three characters or more from the index, exactly as the scan would', async () => {
      for (const name of ['ann_lee', 'annabel', 'joann', 'Hannah', 'a_n_n', 'bob'])
        await adapter.insert(command(name));
      expect(await found('ANN')).toEqual({
        names: ['ann_lee', 'annabel', 'Hannah', 'joann'],
        total: 4,
      });
      expect(await found('n_l')).toEqual({ names: ['ann_lee'], total: 1 });
      expect(await found('a_n')).toEqual({ names: ['a_n_n'], total: 1 });
      // `_` and `%` are literal: no wildcard, in the index as in the scan.
      expect(await found('a%n')).toEqual({ names: [], total: 0 });
      expect(await found('___')).toEqual({ names: [], total: 0 });
      // A quote in the term is a character, not FTS5 syntax.
      expect(await found('"an')).toEqual({ names: [], total: 0 });
      expect(await found('an" OR "bob')).toEqual({ names: [], total: 0 });
    });

    it('pages the same whichever way it reads the page (sort index walk or sorted matches)', async () => {
      for (const name of ['ann_1', 'ann_2', 'bnn', 'ann_3', 'zann', 'other', 'more'])
        await adapter.insert(command(name));
      for (const sort of ['username', '-username', 'createdAt', '-createdAt'] as const) {
        const whole = await adapter.search({ limit: 50, offset: 0, sort, username: 'ann' });
        // limit 1 over 7 rows with 4 matches walks the sort's index; limit 50 sorts the matches.
        const single: string[] = [];
        for (let offset = 0; offset < 5; offset++) {
          const page = await adapter.search({ limit: 1, offset, sort, username: 'ann' });
          expect(page.total).toBe(4);
          single.push(...page.items.map((u) => u.username));
        }
        expect(single).toEqual(whole.items.map((u) => u.username));
        expect(whole.total).toBe(4);
      }
      // With another filter the total comes from the table, re-checked.
      const [first] = (await adapter.search({ ...all, username: 'ann_1' })).items;
      if (first) await adapter.changeStatus({ id: first.id, status: 'suspended', now: base });
      expect(await adapter.search({ ...all, username: 'ANN', status: 'suspended' })).toMatchObject({
        total: 1,
        items: [{ username: 'ann_1' }],
      });
    });

    it('answers terms of one or two characters by the scan', async () => {
      for (const name of ['xy1', 'Axy', 'x_y', 'z_z']) await adapter.insert(command(name));
      expect(await found('XY')).toEqual({ names: ['Axy', 'xy1'], total: 2 });
      expect(await found('_')).toEqual({ names: ['x_y', 'z_z'], total: 2 });
      expect(await found('%')).toEqual({ names: [], total: 0 });
      expect(await found('z')).toEqual({ names: ['z_z'], total: 1 });
    });

    it('drops a soft-deleted user from the index, and finds whoever registers the name again', async () => {
      const first = await adapter.insert(command('deleteme'));
      expect((await found('letem')).total).toBe(1);
      await adapter.softDelete({ id: first.id, now: base });
      expect(await found('letem')).toEqual({ names: [], total: 0 });
      const again = await adapter.insert(command('DeleteMe'));
      expect(await found('letem')).toEqual({ names: ['DeleteMe'], total: 1 });
      expect((await adapter.search({ ...all, username: 'letem' })).items[0]?.id).toBe(again.id);
    });

    it('follows a username change: the old name is gone, the new one found', async () => {
      const user = await adapter.insert(command('oldname'));
      await adapter.insert(command('bystander'));
      await adapter.update({ id: user.id, username: 'fresh_one', now: base });
      expect(await found('oldn')).toEqual({ names: [], total: 0 });
      expect(await found('sh_o')).toEqual({ names: ['fresh_one'], total: 1 });
      // An update that leaves the username alone keeps the entry.
      await adapter.update({ id: user.id, email: 'fresh@example.com', now: base });
      await adapter.changeStatus({ id: user.id, status: 'suspended', now: base });
      expect(await found('fresh')).toEqual({ names: ['fresh_one'], total: 1 });
      expect(await found('stand')).toEqual({ names: ['bystander'], total: 1 });
    });

    it('holds exactly the live users: the index matches the table after every change', async () => {
      const db = handles.at(-1)?.db;
      if (!db) throw new Error('no database');
      const a = await adapter.insert(command('alpha_1'));
      await adapter.insert(command('beta_22'));
      await adapter.update({ id: a.id, username: 'alpha_9', now: base });
      await adapter.softDelete({ id: a.id, now: base });
      const indexed = await db.all<{ username: string }>(
        sql`select username from users_search order by username`,
      );
      const live = await db.all<{ username: string }>(
        sql`select username from users where deleted_at is null order by username`,
      );
      expect(indexed).toEqual(live);
      expect(indexed).toEqual([{ username: 'beta_22' }]);
    });
  });
});
