import { Then, When } from '@cucumber/cucumber';
import assert from 'node:assert/strict';
import type { ApiWorld } from '../support/world.ts';
import { awaitEmails, linkToken } from './email.steps.ts';

const json = { 'Content-Type': 'application/json' };
export const VERIFY_SUBJECT = /verify your email|Verify your email|تأیید کنید/;

When(
  '{string} follows the verification link of email number {int} to {string}',
  async function (this: ApiWorld, _name: string, n: number, address: string) {
    const emails = await awaitEmails(this, address, VERIFY_SUBJECT, n);
    const token = linkToken(emails[n - 1], 'verify-email');
    await this.context.request('POST', '/api/v1/auth/verify-email', {
      headers: json,
      body: JSON.stringify({ token }),
    });
  },
);

When('{string} asks for a new verification email', async function (this: ApiWorld, name: string) {
  await this.context.request(
    'POST',
    `/api/v1/users/${this.context.get<{ id: string }>(`user ${name}`).id}/verification-email`,
    { headers: await this.context.headersOf({ kind: 'user', name }) },
  );
});

When(
  '{string} changes her email to {string}',
  async function (this: ApiWorld, name: string, address: string) {
    await this.context.request(
      'PATCH',
      `/api/v1/users/${this.context.get<{ id: string }>(`user ${name}`).id}`,
      {
        headers: { ...json, ...(await this.context.headersOf({ kind: 'user', name })) },
        body: JSON.stringify({ email: address }),
      },
    );
  },
);

Then(
  "{string}'s email is {word} as she reads herself",
  async function (this: ApiWorld, name: string, state: string) {
    const response = await this.context.fetch('/api/v1/users/me', {
      headers: await this.context.headersOf({ kind: 'user', name }),
    });
    const user = (await response.json()) as { emailVerified: boolean };
    assert.equal(user.emailVerified, state === 'verified');
  },
);

Then(
  '{string} has {int} verification email(s)',
  async function (this: ApiWorld, address: string, count: number) {
    const emails = await awaitEmails(this, address, VERIFY_SUBJECT, count);
    assert.equal(emails.length, count);
  },
);

When('someone registers in Persian as {string}', async function (this: ApiWorld, name: string) {
  await this.context.request('POST', '/api/v1/users', {
    headers: { ...json, 'Accept-Language': 'fa' },
    body: JSON.stringify({
      username: name,
      email: `${name}@example.com`,
      password: 'a sturdy passphrase 1',
    }),
  });
  assert.equal(this.context.response.status, 201, this.context.response.text);
});

When(
  'someone verifies an email with the token {string}',
  async function (this: ApiWorld, token: string) {
    await this.context.request('POST', '/api/v1/auth/verify-email', {
      headers: json,
      body: JSON.stringify({ token }),
    });
  },
);
