import { recordReads } from '../../fakes/in-memory-user.repository.ts';
import { describe, expect, it } from 'vitest';
import { UserNotFoundError } from '../../../src/models/errors/user.errors.ts';
import { userLogicFixture } from './user-logic.fixture.ts';

const missing = '00000000-0000-4000-8000-999999999999';

describe('updateUser', () => {
  it('changes the username and normalises the email', async () => {
    const { logic, register, clock } = userLogicFixture();
    const ada = await register('ada');
    clock.advance(5_000);
    const updated = await logic.update({ id: ada.id, username: 'ada2', email: ' NEW@example.com' });
    expect(updated).toMatchObject({ username: 'ada2', email: 'new@example.com' });
    expect(updated.updatedAt.getTime()).toBe(ada.updatedAt.getTime() + 5_000);
  });

  it('greets the new username in the verification email of a change of both', async () => {
    const { logic, register, tasks, email } = userLogicFixture();
    const ada = await register('ada');
    await tasks.flush();
    await logic.update({ id: ada.id, username: 'lovelace', email: 'ada@new.example.com' });
    await tasks.flush();
    expect(email.sent.at(-1)?.to).toBe('ada@new.example.com');
    expect(email.sent.at(-1)?.text).toContain('lovelace');
  });

  it('does not write back the address it read over a change committed since', async () => {
    const { logic, users, register } = userLogicFixture();
    const ada = await register('ada');
    // Between this update's read and its write, another request changes the address.
    const findById = users.findById;
    users.findById = async (query) => {
      const read = await findById(query);
      users.findById = findById;
      await logic.update({ id: ada.id, email: 'b@example.com' });
      return read;
    };
    const updated = await logic.update({ id: ada.id, email: 'ADA@example.com' });
    // The verification link went to b@example.com: that address stays, unverified.
    expect(updated).toMatchObject({ email: 'b@example.com', emailVerified: false });
    expect((await users.findById({ id: ada.id, fresh: true }))?.email).toBe('b@example.com');
  });

  it('404s a missing user and passes a uniqueness conflict on', async () => {
    const { logic, register } = userLogicFixture();
    const ada = await register('ada');
    await register('bob');
    await expect(logic.update({ id: missing, username: 'x12' })).rejects.toBeInstanceOf(
      UserNotFoundError,
    );
    await expect(logic.update({ id: ada.id, username: 'BOB' })).rejects.toMatchObject({
      field: 'username',
    });
  });
});

describe('changeUserStatus', () => {
  it('suspends and activates', async () => {
    const { logic, register } = userLogicFixture();
    const ada = await register('ada');
    expect((await logic.changeStatus(ada.id, 'suspend')).status).toBe('suspended');
    expect((await logic.changeStatus(ada.id, 'activate')).status).toBe('active');
  });

  it('treats a repeated action as a no-op that leaves updatedAt alone', async () => {
    const { logic, register, clock } = userLogicFixture();
    const ada = await register('ada');
    const suspended = await logic.changeStatus(ada.id, 'suspend');
    clock.advance(60_000);
    const again = await logic.changeStatus(ada.id, 'suspend');
    expect(again).toEqual(suspended);
  });

  it('404s a missing or deleted user', async () => {
    const { logic, register } = userLogicFixture();
    const ada = await register('ada');
    await logic.delete(ada.id);
    await expect(logic.changeStatus(ada.id, 'suspend')).rejects.toBeInstanceOf(UserNotFoundError);
    await expect(logic.changeStatus(missing, 'activate')).rejects.toBeInstanceOf(UserNotFoundError);
  });
});

describe('changeUserStatus, at its edges', () => {
  it('reads the user fresh, never from the cache', async () => {
    const { logic, users, register } = userLogicFixture();
    const ada = await register('ada');
    const reads = recordReads(users);
    await logic.changeStatus(ada.id, 'suspend');
    expect(reads).toEqual([{ id: ada.id, fresh: true }]);
  });

  it('404s a user deleted between the read and the write', async () => {
    const { logic, users, register } = userLogicFixture();
    const ada = await register('ada');
    users.changeStatus = async ({ id, now }) => {
      await users.delete({ id, now });
      return undefined;
    };
    await expect(logic.changeStatus(ada.id, 'suspend')).rejects.toBeInstanceOf(UserNotFoundError);
  });
});

describe('deleteUser', () => {
  it('soft-deletes once, frees the username and email, and 404s the second time', async () => {
    const { logic, register } = userLogicFixture();
    const ada = await register('ada');
    await logic.delete(ada.id);
    await expect(logic.delete(ada.id)).rejects.toBeInstanceOf(UserNotFoundError);
    const again = await register('ada');
    expect(again.id).not.toBe(ada.id);
  });
});

describe('roles and admin safety', () => {
  const admin = async (fixture: ReturnType<typeof userLogicFixture>, name: string) =>
    fixture.logic.register({
      username: name,
      email: `${name}@example.com`,
      password: 'a long enough password',
      role: 'admin',
    });

  it('refuses to suspend, demote or delete the only admin, and lets an admin not suspend itself', async () => {
    const fixture = userLogicFixture();
    const root = await admin(fixture, 'root');
    const { logic } = fixture;
    for (const attempt of [
      logic.changeStatus(root.id, 'suspend', root.id),
      logic.changeStatus(root.id, 'suspend'),
      logic.changeRole({ id: root.id, role: 'user', actorId: root.id }),
      logic.changeRole({ id: root.id, role: 'user' }),
      logic.delete(root.id),
    ]) {
      await expect(attempt).rejects.toMatchObject({ code: 'INVALID_STATE', status: 409 });
    }
    expect(await logic.get(root.id)).toMatchObject({ role: 'admin', status: 'active' });
  });

  it('promotes a user; then the first admin can be demoted by the second, never by itself', async () => {
    const fixture = userLogicFixture();
    const root = await admin(fixture, 'root');
    const ada = await fixture.register('ada');
    const { logic } = fixture;
    expect(await logic.changeRole({ id: ada.id, role: 'admin', actorId: root.id })).toMatchObject({
      role: 'admin',
    });
    await expect(
      logic.changeRole({ id: root.id, role: 'user', actorId: root.id }),
    ).rejects.toMatchObject({ code: 'INVALID_STATE' });
    await expect(logic.changeStatus(root.id, 'suspend', root.id)).rejects.toMatchObject({
      code: 'INVALID_STATE',
    });
    expect(await logic.changeRole({ id: root.id, role: 'user', actorId: ada.id })).toMatchObject({
      role: 'user',
    });
    await expect(logic.changeRole({ id: missing, role: 'admin' })).rejects.toBeInstanceOf(
      UserNotFoundError,
    );
  });
});
