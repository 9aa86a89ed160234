import { beforeEach, describe, expect, it } from 'vitest';
import type { CreateUserCommand } from '../../src/models/dtos/user/repository/user.repository.dtos.ts';
import { UserAlreadyExistsError } from '../../src/models/errors/user.errors.ts';
import type { UserRepository } from '../../src/repositories/user/user.repository.port.ts';
import { at, nextId, portSubjects, T0, type PortSubject } from '../contracts/port-subjects.ts';

/*
 * The contract of the user repository port, run against the in-memory fake and against the
 * Drizzle adapter on a real libSQL file: whatever logic is tested with, it is tested with
 * the database's semantics.
 */

function command(username: string, overrides: Partial<CreateUserCommand> = {}): CreateUserCommand {
  return {
    id: nextId(),
    username,
    email: `${username.toLowerCase()}@example.com`,
    passwordHash: 'pbkdf2-sha256$1$salt$hash',
    role: 'user',
    now: T0,
    ...overrides,
  };
}

describe.each(portSubjects())('the user repository port: %s', (_name, make) => {
  let users: UserRepository;
  let subject: PortSubject;
  beforeEach(async () => {
    subject = await make();
    ({ users } = subject);
  });

  it('stores a user and answers exactly its public fields, fresh or not', async () => {
    const created = await users.create(command('Ada', { role: 'admin', now: at(5) }));
    const expected = {
      id: created.id,
      username: 'Ada',
      email: 'ada@example.com',
      role: 'admin',
      status: 'active',
      emailVerified: false,
      createdAt: at(5),
      updatedAt: at(5),
      lastLoginAt: null,
      mfaEnabled: false,
    };
    expect(created).toEqual(expected);
    expect(await users.findById({ id: created.id })).toEqual(expected);
    expect(await users.findById({ id: created.id, fresh: true })).toEqual(expected);
    expect(await users.findById({ id: nextId() })).toBeUndefined();
  });

  it('refuses a username another live user has, in any case, naming the field', async () => {
    await users.create(command('Ada'));
    const error = await users
      .create(command('aDA', { email: 'other@example.com' }))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserAlreadyExistsError);
    expect(error).toMatchObject({ code: 'USER_ALREADY_EXISTS', field: 'username' });
  });

  it('refuses an email another live user has, in any case, naming the field', async () => {
    await users.create(command('ada'));
    await expect(users.create(command('bob', { email: 'ADA@Example.com' }))).rejects.toMatchObject({
      field: 'email',
    });
  });

  it('soft-deletes: the user is gone from every read, and its names are free again', async () => {
    const ada = await users.create(command('ada'));
    await users.findById({ id: ada.id }); // cached, where there is a cache
    expect(await users.delete({ id: ada.id, now: at(1) })).toBe(true);
    expect(await users.findById({ id: ada.id })).toBeUndefined();
    expect(await users.findById({ id: ada.id, fresh: true })).toBeUndefined();
    expect(await users.delete({ id: ada.id, now: at(2) })).toBe(false);
    expect(await users.update({ id: ada.id, username: 'ada2', now: at(2) })).toBeUndefined();
    expect(
      await users.changeStatus({ id: ada.id, status: 'suspended', now: at(2) }),
    ).toBeUndefined();
    const page = await users.search({ limit: 10, offset: 0, sort: 'createdAt' });
    expect(page).toEqual({ items: [], total: 0 });
    const again = await users.create(command('ADA', { email: 'ada@example.com' }));
    expect(again.id).not.toBe(ada.id);
  });

  it('updates username and email, refusing another live user’s, allowing its own in another case', async () => {
    const ada = await users.create(command('ada'));
    const bob = await users.create(command('bob'));
    await users.findById({ id: ada.id });
    const renamed = await users.update({ id: ada.id, username: 'ADA', now: at(10) });
    expect(renamed).toMatchObject({ username: 'ADA', email: 'ada@example.com', updatedAt: at(10) });
    expect(await users.findById({ id: ada.id })).toEqual(renamed);
    await expect(users.update({ id: ada.id, username: 'BOB', now: at(11) })).rejects.toMatchObject({
      field: 'username',
    });
    await expect(
      users.update({ id: ada.id, email: 'bob@example.com', now: at(11) }),
    ).rejects.toMatchObject({ field: 'email' });
    await users.delete({ id: bob.id, now: at(12) });
    expect(await users.update({ id: ada.id, username: 'bob', now: at(13) })).toMatchObject({
      username: 'bob',
    });
  });

  it('changes the status and updatedAt, nothing else', async () => {
    const ada = await users.create(command('ada'));
    await users.findById({ id: ada.id });
    const suspended = await users.changeStatus({ id: ada.id, status: 'suspended', now: at(30) });
    expect(suspended).toEqual({ ...ada, status: 'suspended', updatedAt: at(30) });
    expect(await users.findById({ id: ada.id })).toEqual(suspended);
  });

  describe('admin safety', () => {
    it('never suspends, demotes or deletes the last active admin', async () => {
      const root = await users.create(command('root', { role: 'admin' }));
      expect(await users.changeStatus({ id: root.id, status: 'suspended', now: at(1) })).toBe(
        undefined,
      );
      expect(await users.changeRole({ id: root.id, role: 'user', now: at(1) })).toBe(undefined);
      expect(await users.delete({ id: root.id, now: at(1) })).toBe(false);
      expect(await users.findById({ id: root.id, fresh: true })).toEqual(root);
    });

    it('ends the sessions of a suspended or deleted admin only when the change is written', async () => {
      const root = await users.create(command('root', { role: 'admin' }));
      await subject.auth.completeLogin({
        userId: root.id,
        address: '192.0.2.1',
        now: T0,
        session: { id: 's-root', userAgent: null },
        refreshToken: {
          id: nextId(),
          userId: root.id,
          familyId: 's-root',
          tokenHash: `hash-${root.id}`,
          expiresAt: at(3_600_000),
        },
      });
      const live = () =>
        subject.auth.findPrincipal({ userId: root.id, sessionId: 's-root', now: at(2) });
      expect(await users.changeStatus({ id: root.id, status: 'suspended', now: at(1) })).toBe(
        undefined,
      );
      expect(await users.delete({ id: root.id, now: at(1) })).toBe(false);
      expect(await live()).toBeDefined();
      await users.create(command('ada', { role: 'admin' }));
      expect(
        await users.changeStatus({ id: root.id, status: 'suspended', now: at(1) }),
      ).toMatchObject({ status: 'suspended' });
      expect(await live()).toBeUndefined();
    });

    it('changes an admin once another active admin exists, and the role of anyone', async () => {
      const root = await users.create(command('root', { role: 'admin' }));
      const ada = await users.create(command('ada'));
      // A suspended admin is no admin to fall back on.
      expect(await users.changeRole({ id: ada.id, role: 'admin', now: at(2) })).toEqual({
        ...ada,
        role: 'admin',
        updatedAt: at(2),
      });
      await users.changeStatus({ id: ada.id, status: 'suspended', now: at(3) });
      expect(await users.changeRole({ id: root.id, role: 'user', now: at(4) })).toBe(undefined);
      await users.changeStatus({ id: ada.id, status: 'active', now: at(5) });
      expect(await users.changeRole({ id: root.id, role: 'user', now: at(6) })).toMatchObject({
        role: 'user',
        updatedAt: at(6),
      });
      expect(await users.delete({ id: ada.id, now: at(7) })).toBe(false);
    });
  });

  describe('search', () => {
    beforeEach(async () => {
      for (const [i, name] of ['carol', 'Ada_L', 'adam', 'bob', 'xada%'].entries()) {
        await users.create(command(name, { now: at(i * 1000) }));
      }
    });
    const names = (page: { items: readonly { username: string }[] }) =>
      page.items.map((u) => u.username);

    it('matches the username by case-insensitive contains, `_` and `%` literally', async () => {
      const q = { limit: 10, offset: 0, sort: 'username' } as const;
      expect(names(await users.search({ ...q, username: 'ADA' }))).toEqual([
        'Ada_L',
        'adam',
        'xada%',
      ]);
      expect(names(await users.search({ ...q, username: 'a_' }))).toEqual(['Ada_L']);
      expect(names(await users.search({ ...q, username: 'a%' }))).toEqual(['xada%']);
    });

    it('matches the email exactly, filters by status and an inclusive created range', async () => {
      const q = { limit: 10, offset: 0, sort: 'createdAt' } as const;
      expect(names(await users.search({ ...q, email: 'bob@example.com' }))).toEqual(['bob']);
      expect(names(await users.search({ ...q, email: 'bob@example' }))).toEqual([]);
      const [bob] = (await users.search({ ...q, username: 'bob' })).items;
      await users.changeStatus({ id: bob?.id ?? '', status: 'suspended', now: at(9000) });
      expect(names(await users.search({ ...q, status: 'suspended' }))).toEqual(['bob']);
      expect(
        names(await users.search({ ...q, createdFrom: at(1000), createdTo: at(3000) })),
      ).toEqual(['Ada_L', 'adam', 'bob']);
    });

    it('sorts four ways and pages with the total of every match', async () => {
      const page = (sort: 'createdAt' | '-createdAt' | 'username' | '-username') =>
        users.search({ limit: 10, offset: 0, sort });
      expect(names(await page('createdAt'))).toEqual(['carol', 'Ada_L', 'adam', 'bob', 'xada%']);
      expect(names(await page('-createdAt'))).toEqual(['xada%', 'bob', 'adam', 'Ada_L', 'carol']);
      expect(names(await page('username'))).toEqual(['Ada_L', 'adam', 'bob', 'carol', 'xada%']);
      expect(names(await page('-username'))).toEqual(['xada%', 'carol', 'bob', 'adam', 'Ada_L']);
      const second = await users.search({ limit: 2, offset: 2, sort: 'createdAt' });
      expect({ names: names(second), total: second.total }).toEqual({
        names: ['adam', 'bob'],
        total: 5,
      });
    });
  });
});
