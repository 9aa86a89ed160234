import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../src/kit/errors/catalogue.ts';
import { UserAlreadyExistsError } from '../../../src/models/errors/user.errors.ts';
import { userLogicFixture } from './user-logic.fixture.ts';

describe('registerUser', () => {
  it('stores a user with the normalised email and a hashed password, as a plain user', async () => {
    const { logic, users } = userLogicFixture();
    const user = await logic.register({
      username: 'Ada_L',
      email: ' Ada@Example.COM ',
      password: 'a long enough password',
    });
    expect(user).toMatchObject({
      username: 'Ada_L',
      email: 'ada@example.com',
      role: 'user',
      status: 'active',
    });
    expect(users.rows.get(user.id)?.passwordHash).toBe('fake$a long enough password');
  });

  it('refuses a password containing the username, whatever the caller checked', async () => {
    const { logic } = userLogicFixture();
    const refusal = logic.register({
      username: 'ada',
      email: 'ada@example.com',
      password: 'xxADAxxx',
    });
    await expect(refusal).rejects.toBeInstanceOf(ValidationError);
    await expect(refusal).rejects.toMatchObject({
      errors: [
        { path: 'password', message: 'Must be at least 12 characters.' },
        { path: 'password', message: 'Must not contain the username.' },
      ],
    });
  });

  it('lets the repository decide uniqueness and passes its error on', async () => {
    const { register } = userLogicFixture();
    await register('ada');
    await expect(register('ADA', 'other@example.com')).rejects.toMatchObject({
      code: 'USER_ALREADY_EXISTS',
      field: 'username',
    });
    await expect(register('bob', 'ADA@example.com')).rejects.toBeInstanceOf(UserAlreadyExistsError);
  });

  it('sends the welcome email after the user is stored, outside the request', async () => {
    const { register, email, tasks } = userLogicFixture();
    const user = await register('ada');
    await tasks.flush();
    expect(email.sent).toEqual([{ userId: user.id, to: 'ada@example.com', username: 'ada' }]);
  });

  it('does not fail the registration when the email gateway fails, and logs it without the address', async () => {
    const { register, email, tasks, logLines } = userLogicFixture();
    email.failing = true;
    const user = await register('ada');
    await tasks.flush();
    expect(user.username).toBe('ada');
    const warning = logLines.find((line) => line.includes('welcome email failed'));
    expect(warning).toContain(user.id);
    expect(warning).not.toContain('ada@example.com');
  });

  it('sends no email when the registration fails', async () => {
    const { register, email, tasks } = userLogicFixture();
    await register('ada');
    await expect(register('ada')).rejects.toThrow();
    await tasks.flush();
    expect(email.sent).toHaveLength(1);
  });
});
