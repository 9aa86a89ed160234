import { describe, expect, it } from 'vitest';
import { UserNotFoundError } from '../../../src/models/errors/user.errors.ts';
import { userLogicFixture } from './user-logic.fixture.ts';

describe('getUser', () => {
  it('returns a live user and 404s a missing or deleted one', async () => {
    const { logic, register } = userLogicFixture();
    const ada = await register('ada');
    expect(await logic.get(ada.id)).toEqual(ada);
    await logic.delete(ada.id);
    await expect(logic.get(ada.id)).rejects.toBeInstanceOf(UserNotFoundError);
    await expect(logic.get('00000000-0000-4000-8000-999999999999')).rejects.toBeInstanceOf(
      UserNotFoundError,
    );
  });
});

describe('searchUsers', () => {
  it('turns page and pageSize into a window and reports the total', async () => {
    const { logic, register, clock } = userLogicFixture();
    for (const name of ['ada', 'bob', 'cyd', 'dee', 'eve']) {
      await register(name);
      clock.advance(1_000);
    }
    const result = await logic.search({ page: 2, pageSize: 2, sort: 'createdAt' });
    expect(result.items.map((u) => u.username)).toEqual(['cyd', 'dee']);
    expect(result).toMatchObject({ page: 2, pageSize: 2, total: 5 });
  });

  it('normalises the email filter before the exact match', async () => {
    const { logic, register } = userLogicFixture();
    await register('ada', 'ada@example.com');
    const result = await logic.search({
      email: ' ADA@example.com',
      page: 1,
      pageSize: 20,
      sort: '-createdAt',
    });
    expect(result.items.map((u) => u.username)).toEqual(['ada']);
  });
});
