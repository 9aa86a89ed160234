import { Given, Then, When } from '@cucumber/cucumber';
import assert from 'node:assert/strict';
import { DEFAULT_PASSWORD } from '../support/scenario-context.ts';
import type { ApiWorld } from '../support/world.ts';
import { awaitEmails, linkToken } from './email.steps.ts';
import { keepPair, logInOn, pairOf, userIdOf, type Pair } from './session.steps.ts';

const json = { 'Content-Type': 'application/json' };
export const RESET_SUBJECT = /^(Reset your password|بازنشانی گذرواژه)$/;

/** `name` changes her password from `laptop`; "the right password" is her real one. */
async function changePassword(world: ApiWorld, name: string, current: string, next: string) {
  const response = await world.context.request(
    'POST',
    `/api/v1/users/${userIdOf(world, name)}/password`,
    {
      headers: {
        ...json,
        'User-Agent': 'laptop',
        Authorization: `Bearer ${pairOf(world, name, 'laptop').accessToken}`,
      },
      body: JSON.stringify({
        currentPassword: current === 'the right password' ? DEFAULT_PASSWORD : current,
        newPassword: next,
      }),
    },
  );
  if (response.status === 200) keepPair(world, name, 'new pair', response.json as Pair);
}

When(
  '{string} changes her password from {string} to {string}',
  async function (this: ApiWorld, name: string, current: string, next: string) {
    await changePassword(this, name, current, next);
  },
);

When(
  '{string} changes her password from {string} to {string} {int} times',
  async function (this: ApiWorld, name: string, current: string, next: string, times: number) {
    for (let i = 0; i < times; i++) await changePassword(this, name, current, next);
  },
);

When(
  '{string} tries to change the password of {string}',
  async function (this: ApiWorld, name: string, target: string) {
    await this.context.request('POST', `/api/v1/users/${userIdOf(this, target)}/password`, {
      headers: { ...json, Authorization: `Bearer ${pairOf(this, name, 'laptop').accessToken}` },
      body: JSON.stringify({
        currentPassword: DEFAULT_PASSWORD,
        newPassword: 'a brand new phrase 7',
      }),
    });
  },
);

When(
  'an admin tries to change the password of {string}',
  async function (this: ApiWorld, target: string) {
    // With the user's right current password: only who is asking can make it a refusal.
    await this.context.request('POST', `/api/v1/users/${userIdOf(this, target)}/password`, {
      headers: { ...json, ...(await this.context.headersOf({ kind: 'admin' })) },
      body: JSON.stringify({
        currentPassword: DEFAULT_PASSWORD,
        newPassword: 'a brand new phrase 7',
      }),
    });
  },
);

Then('the answer is a new token pair that works', async function (this: ApiWorld) {
  const { response } = this.context;
  assert.equal(response.status, 200, response.text);
  const pair = response.json as Pair & { tokenType: string };
  assert.equal(pair.tokenType, 'Bearer');
  const me = await this.context.fetch('/api/v1/users/me', {
    headers: { Authorization: `Bearer ${pair.accessToken}` },
  });
  assert.equal(me.status, 200);
  const refreshed = await this.context.fetch('/api/v1/auth/refresh', {
    method: 'POST',
    headers: json,
    body: JSON.stringify({ refreshToken: pair.refreshToken }),
  });
  assert.equal(refreshed.status, 200);
});

Then(
  '{string} can log in with {string} but not with {string}',
  async function (this: ApiWorld, name: string, good: string, bad: string) {
    const attempt = (password: string) =>
      this.context.fetch('/api/v1/auth/token', {
        method: 'POST',
        headers: json,
        body: JSON.stringify({
          login: name,
          password: password === 'the old password' ? DEFAULT_PASSWORD : password,
        }),
      });
    const wrong = await attempt(bad);
    assert.equal(wrong.status, 401);
    assert.equal(((await wrong.json()) as { code: string }).code, 'INVALID_CREDENTIALS');
    assert.equal((await attempt(good)).status, 200);
  },
);

When(
  'someone asks for a password reset for {string}',
  async function (this: ApiWorld, address: string) {
    const before = (await awaitEmails(this, address, RESET_SUBJECT, 0)).length;
    this.context.store(`reset emails before ${address}`, before);
    await this.context.request('POST', '/api/v1/auth/password-reset', {
      headers: json,
      body: JSON.stringify({ email: address }),
    });
    this.context.store(`reset answer ${address}`, this.context.response);
  },
);

Given('{string} asked for a password reset', async function (this: ApiWorld, name: string) {
  const address = `${name}@example.com`;
  const before = (await awaitEmails(this, address, RESET_SUBJECT, 0)).length;
  const response = await this.context.fetch('/api/v1/auth/password-reset', {
    method: 'POST',
    headers: json,
    body: JSON.stringify({ email: address }),
  });
  assert.equal(response.status, 202);
  const emails = await awaitEmails(this, address, RESET_SUBJECT, before + 1);
  assert.equal(emails.length, before + 1, 'the reset email did not arrive');
  this.context.store(
    `reset token ${name} ${before + 1}`,
    linkToken(emails.at(-1), 'reset-password'),
  );
});

Then(
  'the answers for {string} and {string} are the same 202',
  function (this: ApiWorld, a: string, b: string) {
    const first = this.context.get<{ status: number; text: string; headers: Headers }>(
      `reset answer ${a}`,
    );
    const second = this.context.get<{ status: number; text: string; headers: Headers }>(
      `reset answer ${b}`,
    );
    assert.equal(first.status, 202);
    assert.equal(second.status, 202);
    assert.equal(first.text, second.text);
    assert.equal(first.headers.get('content-type'), second.headers.get('content-type'));
  },
);

Then('{string} received a password-reset link', async function (this: ApiWorld, address: string) {
  const emails = await awaitEmails(this, address, RESET_SUBJECT, 1);
  assert.equal(emails.length, 1);
  this.context.store(
    `reset token ${address.split('@')[0]} 1`,
    linkToken(emails[0], 'reset-password'),
  );
});

Then('nobody received a password-reset email', async function (this: ApiWorld) {
  await this.context.tasks.flush();
  const rows = await this.context.query(
    "select count(*) as n from email_outbox where subject in ('Reset your password', 'بازنشانی گذرواژه')",
  );
  assert.equal(Number(rows[0]?.n), 1, 'only the known address got one');
});

When(
  "someone sets the password {string} with {string}'s reset link number {int}",
  async function (this: ApiWorld, password: string, name: string, n: number) {
    await this.context.request('POST', '/api/v1/auth/password-reset/confirm', {
      headers: json,
      body: JSON.stringify({
        token: this.context.get<string>(`reset token ${name} ${n}`),
        newPassword: password,
      }),
    });
  },
);

When(
  'someone sets the password {string} with the reset token {string}',
  async function (this: ApiWorld, password: string, token: string) {
    await this.context.request('POST', '/api/v1/auth/password-reset/confirm', {
      headers: json,
      body: JSON.stringify({ token, newPassword: password }),
    });
  },
);

Given('{string} is locked out by wrong passwords', async function (this: ApiWorld, name: string) {
  for (let i = 0; i < 5; i++) {
    await this.context.fetch('/api/v1/auth/token', {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ login: name, password: 'not the right password' }),
    });
  }
  const locked = await this.context.fetch('/api/v1/auth/token', {
    method: 'POST',
    headers: json,
    body: JSON.stringify({ login: name, password: DEFAULT_PASSWORD }),
  });
  assert.equal(locked.status, 423);
});

Then(
  '{string} can log in on {string} with {string}',
  async function (this: ApiWorld, name: string, device: string, password: string) {
    await logInOn(this, name, device, password);
  },
);
