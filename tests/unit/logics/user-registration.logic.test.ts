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

  it('sends the welcome email, with its verification link, after the user is stored', async () => {
    const { register, email, tasks, outbox } = userLogicFixture();
    await register('ada');
    await tasks.flush();
    expect(email.sent).toHaveLength(1);
    expect(email.sent[0]).toMatchObject({
      to: 'ada@example.com',
      subject: 'Welcome: verify your email',
    });
    expect(email.sent[0]?.text).toMatch(
      /https:\/\/app\.example\.test\/verify-email\?token=[A-Za-z0-9_-]{43}/,
    );
    expect(await outbox.listUnsent()).toEqual([]);
  });

  it('does not fail the registration when the email gateway fails: the email stays in the outbox', async () => {
    const { register, email, tasks, logLines, outbox, emails, clock } = userLogicFixture();
    email.failing = true;
    const user = await register('ada');
    await tasks.flush();
    expect(user.username).toBe('ada');
    const warning = logLines.find((line) => line.includes('email send failed'));
    expect(warning).toBeDefined();
    expect(warning).not.toContain('token=');
    expect(await outbox.listUnsent()).toMatchObject([{ to: 'ada@example.com', attempts: 1 }]);
    email.failing = false;
    expect(await emails.drain()).toEqual({ sent: 0, failed: 0 });
    clock.advance(30_000);
    expect(await emails.drain()).toEqual({ sent: 1, failed: 0 });
    expect(email.sent).toHaveLength(1);
    expect(await outbox.listUnsent()).toEqual([]);
  });

  it('gives up on an email after the bound of attempts, and lists it', async () => {
    const { register, email, tasks, logLines, outbox, emails, clock } = userLogicFixture();
    email.failing = true;
    await register('ada');
    await tasks.flush();
    clock.advance(30_000);
    await emails.drain();
    clock.advance(60_000);
    await emails.drain();
    expect(logLines.some((line) => line.includes('email given up'))).toBe(true);
    const [given] = await outbox.listUnsent();
    expect(given?.attempts).toBe(3);
    expect(given?.failedAt).not.toBeNull();
    email.failing = false;
    clock.advance(3_600_000);
    expect(await emails.drain()).toEqual({ sent: 0, failed: 0 });
  });

  it('sends no email when the registration fails', async () => {
    const { register, email, tasks } = userLogicFixture();
    await register('ada');
    await expect(register('ada')).rejects.toThrow();
    await tasks.flush();
    expect(email.sent).toHaveLength(1);
  });
});
