import { recordReads } from '../../fakes/in-memory-user.repository.ts';
import { describe, expect, it } from 'vitest';
import { userLogicFixture } from './user-logic.fixture.ts';

/* The role and status rules that keep an admin in charge, with the answers they give. */

const lastAdmin = {
  code: 'INVALID_STATE',
  detail: {
    en: 'This is the last active admin: make another admin first.',
    fa: 'این آخرین مدیر فعال است: ابتدا مدیر دیگری تعیین کنید.',
  },
};
const selfSuspension = {
  code: 'INVALID_STATE',
  detail: { en: 'An admin cannot suspend itself.', fa: 'مدیر نمی‌تواند خودش را تعلیق کند.' },
};
const selfDemotion = {
  code: 'INVALID_STATE',
  detail: {
    en: 'An admin cannot take away its own admin role.',
    fa: 'مدیر نمی‌تواند نقش مدیریت خودش را بردارد.',
  },
};

async function fixture() {
  const base = userLogicFixture();
  const root = await base.logic.register({
    username: 'root',
    email: 'root@example.com',
    password: 'a long enough password',
    role: 'admin',
  });
  const ada = await base.register('ada');
  /** Records every read of a user by id. */
  const reads = recordReads(base.users);
  return { ...base, root, ada, reads };
}

describe('the last active admin', () => {
  it('cannot be suspended, demoted or deleted, and says why', async () => {
    const { logic, root, reads } = await fixture();
    await expect(logic.changeStatus(root.id, 'suspend')).rejects.toMatchObject(lastAdmin);
    await expect(logic.changeRole({ id: root.id, role: 'user' })).rejects.toMatchObject(lastAdmin);
    await expect(logic.delete(root.id)).rejects.toMatchObject(lastAdmin);
    // Every decision reads the database, never the cache.
    expect(reads.every((query) => query.fresh === true)).toBe(true);
    expect(reads).toHaveLength(5);
  });
});

describe('an admin acting on itself', () => {
  it('cannot suspend or demote itself, even with another admin, and says which', async () => {
    const { logic, root, ada } = await fixture();
    await logic.changeRole({ id: ada.id, role: 'admin', actorId: root.id });
    await expect(logic.changeStatus(root.id, 'suspend', root.id)).rejects.toMatchObject(
      selfSuspension,
    );
    await expect(
      logic.changeRole({ id: root.id, role: 'user', actorId: root.id }),
    ).rejects.toMatchObject(selfDemotion);
  });

  it('suspends and reactivates another user', async () => {
    const { logic, root, ada } = await fixture();
    await expect(logic.changeStatus(ada.id, 'suspend', root.id)).resolves.toMatchObject({
      status: 'suspended',
    });
    await expect(logic.changeStatus(ada.id, 'activate', root.id)).resolves.toMatchObject({
      status: 'active',
    });
  });

  it('refuses suspension only: reactivating oneself is not a self-suspension', async () => {
    const { logic, root, ada } = await fixture();
    await logic.changeRole({ id: ada.id, role: 'admin', actorId: root.id });
    await logic.changeStatus(root.id, 'suspend', ada.id);
    await expect(logic.changeStatus(root.id, 'activate', root.id)).resolves.toMatchObject({
      status: 'active',
    });
  });

  it('refuses demotion only: giving oneself the admin role is not a self-demotion', async () => {
    // (Only admins reach this use case through the API; the rule here is about demotion.)
    const { logic, ada } = await fixture();
    await expect(
      logic.changeRole({ id: ada.id, role: 'admin', actorId: ada.id }),
    ).resolves.toMatchObject({ role: 'admin' });
  });
});

describe('giving a user the role it has', () => {
  it('changes nothing, not even updatedAt, and reads the user fresh', async () => {
    const { logic, root, clock, reads } = await fixture();
    clock.advance(60_000);
    const same = await logic.changeRole({ id: root.id, role: 'admin', actorId: root.id });
    expect(same.updatedAt).toEqual(root.updatedAt);
    expect(reads).toEqual([{ id: root.id, fresh: true }]);
  });
});
