import { recordReads } from '../../fakes/in-memory-user.repository.ts';
import { describe, expect, it } from 'vitest';
import { fakeAppDeps } from '../../fakes/fake-app-deps.ts';

const PASSWORD = 'a long enough password';
const NOBODY = '00000000-0000-4000-8000-999999999999';

async function fixture() {
  const fake = fakeAppDeps();
  const ada = await fake.deps.users.register({
    username: 'ada',
    email: 'ada@example.com',
    password: PASSWORD,
  });
  await fake.deps.users.register({
    username: 'grace',
    email: 'grace@example.com',
    password: PASSWORD,
  });
  const auth = fake.deps.auth;
  const logIn = (login = 'ada') => auth.logIn({ login, password: PASSWORD });
  return { ...fake, auth, ada, logIn };
}

const invalidToken = { code: 'INVALID_TOKEN' };

describe('log out everywhere', () => {
  it("ends every session of the user, and no one else's", async () => {
    const { auth, ada, logIn } = await fixture();
    const laptop = await logIn();
    const phone = await logIn();
    const grace = await logIn('grace');
    await auth.endAllSessions(ada.id);
    for (const pair of [laptop, phone]) {
      await expect(auth.authenticate(pair.accessToken)).rejects.toMatchObject(invalidToken);
      await expect(auth.refresh(pair.refreshToken)).rejects.toMatchObject(invalidToken);
    }
    await expect(auth.authenticate(grace.accessToken)).resolves.toBeDefined();
  });

  it('answers USER_NOT_FOUND for a user who is not there', async () => {
    const { auth } = await fixture();
    await expect(auth.endAllSessions(NOBODY)).rejects.toMatchObject({ code: 'USER_NOT_FOUND' });
  });

  it('reads the user fresh, never from the cache', async () => {
    const { auth, ada, users } = await fixture();
    const reads = recordReads(users);
    await auth.endAllSessions(ada.id);
    expect(reads).toEqual([{ id: ada.id, fresh: true }]);
  });
});

describe("the operator's log-out of a user by name", () => {
  it("ends every session of that user, and no one else's", async () => {
    const { auth, logIn } = await fixture();
    const laptop = await logIn();
    const grace = await logIn('grace');
    await auth.endSessionsOfUsername('ada');
    await expect(auth.authenticate(laptop.accessToken)).rejects.toMatchObject(invalidToken);
    await expect(auth.refresh(laptop.refreshToken)).rejects.toMatchObject(invalidToken);
    await expect(auth.authenticate(grace.accessToken)).resolves.toBeDefined();
  });

  it('answers USER_NOT_FOUND for an unknown name', async () => {
    const { auth } = await fixture();
    await expect(auth.endSessionsOfUsername('nobody')).rejects.toMatchObject({
      code: 'USER_NOT_FOUND',
    });
  });
});
