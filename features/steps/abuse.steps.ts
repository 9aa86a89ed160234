import { Then, When } from '@cucumber/cucumber';
import assert from 'node:assert/strict';
import { DEFAULT_PASSWORD } from '../support/scenario-context.ts';
import type { ApiWorld } from '../support/world.ts';
import { awaitEmails, linkToken } from './email.steps.ts';
import { RESET_SUBJECT } from './password.steps.ts';
import { keepPair, pairOf, type Pair } from './session.steps.ts';
import { VERIFY_SUBJECT } from './verification.steps.ts';

const json = { 'Content-Type': 'application/json' };

/** Time a burst may take on the slowest target (the Worker hashes each password too). */
const BURST_MS = 15_000;
/** A burst step may first wait for a fresh rate-limit window, then runs the burst. */
const BURST_STEP = { timeout: 2 * BURST_MS + 10_000 };

/**
 * Sends `times` POSTs (at most 100) to `path` from `address` within one rate window, each
 * with `body(i)`, and keeps their statuses for "the burst answered"; `after` sees each answer.
 */
async function burst(
  world: ApiWorld,
  { path, times, address }: { path: string; times: number; address: string },
  body: (i: number) => unknown,
  after?: (response: { status: number; json: unknown }) => void,
): Promise<void> {
  await world.context.fitInOneRateWindow(BURST_MS);
  const statuses: number[] = [];
  for (let i = 0; i < Math.min(times, 100); i++) {
    const response = await world.context.request('POST', path, {
      headers: { ...json, 'X-Forwarded-For': address },
      body: JSON.stringify(body(i)),
    });
    after?.(response);
    statuses.push(response.status);
  }
  world.context.store('burst statuses', statuses);
}

When(
  'a script logs in as {string} {int} times from {string}',
  BURST_STEP,
  async function (this: ApiWorld, login: string, times: number, address: string) {
    await burst(this, { path: '/api/v1/auth/token', times, address }, () => ({
      login,
      password: DEFAULT_PASSWORD,
    }));
  },
);

When(
  'a script registers {int} users from {string}',
  BURST_STEP,
  async function (this: ApiWorld, times: number, address: string) {
    await burst(this, { path: '/api/v1/users', times, address }, (i) => ({
      username: `bot${i}`,
      email: `bot${i}@example.com`,
      password: 'a sturdy passphrase 1',
    }));
  },
);

When(
  '{string} logs in with the right password from {string}',
  async function (this: ApiWorld, login: string, address: string) {
    const response = await this.context.request('POST', '/api/v1/auth/token', {
      headers: { ...json, 'X-Forwarded-For': address },
      body: JSON.stringify({ login, password: DEFAULT_PASSWORD }),
    });
    if (response.status === 200) this.context.store('session', response.json);
  },
);

When(
  '{string} logs in with a wrong password {int} times from {string}',
  async function (this: ApiWorld, login: string, times: number, address: string) {
    for (let i = 0; i < Math.min(times, 100); i++) {
      await this.context.request('POST', '/api/v1/auth/token', {
        headers: { ...json, 'X-Forwarded-For': address },
        body: JSON.stringify({ login, password: 'not the right password' }),
      });
    }
  },
);

When(
  'a script refreshes the session of {string} on {string} {int} times from {string}',
  BURST_STEP,
  async function (this: ApiWorld, name: string, device: string, times: number, address: string) {
    // Each refresh with the newest refresh token: the one a refusal left is still it.
    await burst(
      this,
      { path: '/api/v1/auth/refresh', times, address },
      () => ({ refreshToken: pairOf(this, name, device).refreshToken }),
      (response) => {
        if (response.status === 200) keepPair(this, name, device, response.json as Pair);
      },
    );
  },
);

When(
  'a script asks for a password reset for {string} {int} times from {string}',
  BURST_STEP,
  async function (this: ApiWorld, email: string, times: number, address: string) {
    await burst(this, { path: '/api/v1/auth/password-reset', times, address }, () => ({ email }));
  },
);

When(
  'a script sets a password with a made-up reset token {int} times from {string}',
  BURST_STEP,
  async function (this: ApiWorld, times: number, address: string) {
    await burst(this, { path: '/api/v1/auth/password-reset/confirm', times, address }, (i) => ({
      token: `made-up-token-${i}`,
      newPassword: 'a brand new phrase 7',
    }));
  },
);

When(
  'a script verifies an email with a made-up token {int} times from {string}',
  BURST_STEP,
  async function (this: ApiWorld, times: number, address: string) {
    await burst(this, { path: '/api/v1/auth/verify-email', times, address }, (i) => ({
      token: `made-up-token-${i}`,
    }));
  },
);

When(
  'the refresh token of {string} on {string} is used from {string}',
  async function (this: ApiWorld, name: string, device: string, address: string) {
    const response = await this.context.request('POST', '/api/v1/auth/refresh', {
      headers: { ...json, 'X-Forwarded-For': address },
      body: JSON.stringify({ refreshToken: pairOf(this, name, device).refreshToken }),
    });
    if (response.status === 200) keepPair(this, name, device, response.json as Pair);
  },
);

When(
  'someone asks for a password reset for {string} from {string}',
  async function (this: ApiWorld, email: string, address: string) {
    await this.context.request('POST', '/api/v1/auth/password-reset', {
      headers: { ...json, 'X-Forwarded-For': address },
      body: JSON.stringify({ email }),
    });
  },
);

When(
  "someone sets the password {string} with {string}'s reset link number {int} from {string}",
  async function (this: ApiWorld, password: string, name: string, n: number, address: string) {
    await this.context.request('POST', '/api/v1/auth/password-reset/confirm', {
      headers: { ...json, 'X-Forwarded-For': address },
      body: JSON.stringify({
        token: this.context.get<string>(`reset token ${name} ${n}`),
        newPassword: password,
      }),
    });
  },
);

When(
  '{string} follows the verification link of email number {int} to {string} from {string}',
  async function (this: ApiWorld, _name: string, n: number, email: string, address: string) {
    const emails = await awaitEmails(this, email, VERIFY_SUBJECT, n);
    await this.context.request('POST', '/api/v1/auth/verify-email', {
      headers: { ...json, 'X-Forwarded-For': address },
      body: JSON.stringify({ token: linkToken(emails[n - 1], 'verify-email') }),
    });
  },
);

/** The burst's answers in order, as runs: "30×200, 1×429" (30 answered 200, then one 429). */
Then('the burst answered {string}', function (this: ApiWorld, expected: string) {
  const runs: [number, number][] = [];
  for (const status of this.context.get<number[]>('burst statuses')) {
    const last = runs.at(-1);
    if (last?.[0] === status) last[1]++;
    else runs.push([status, 1]);
  }
  assert.equal(runs.map(([status, n]) => `${n}×${status}`).join(', '), expected);
});

Then(
  '{string} received {int} password-reset links',
  async function (this: ApiWorld, email: string, count: number) {
    await awaitEmails(this, email, RESET_SUBJECT, count);
    // What was deferred has run (in-process): a request that should have sent none had its chance.
    await this.context.tasks.flush();
    const emails = await awaitEmails(this, email, RESET_SUBJECT, count);
    assert.equal(emails.length, count);
  },
);

Then('the burst was cut off after at most {int} log-ins', function (this: ApiWorld, most: number) {
  const statuses = this.context.get<number[]>('burst statuses');
  const first = statuses.indexOf(429);
  assert.ok(first !== -1, `no 429 in ${statuses.join(',')}`);
  assert.ok(first <= most, `the first 429 came after ${first} log-ins`);
  assert.ok(
    statuses.slice(0, first).every((status) => status === 200),
    `before the limit: ${statuses.join(',')}`,
  );
  assert.ok(
    statuses.slice(first).every((status) => status === 429),
    `after the limit: ${statuses.join(',')}`,
  );
});

Then('every log-in of the burst succeeded', function (this: ApiWorld) {
  const statuses = this.context.get<number[]>('burst statuses');
  assert.ok(
    statuses.every((status) => status === 200),
    statuses.join(','),
  );
});

Then(
  'the response header {string} is a number of seconds up to {int}',
  function (this: ApiWorld, name: string, most: number) {
    const value = this.context.response.headers.get(name) ?? '';
    assert.match(value, /^\d+$/);
    assert.ok(Number(value) >= 1 && Number(value) <= most, `${name}: ${value}`);
  },
);

Then(
  'the response header {string} starts with {string}',
  function (this: ApiWorld, name: string, prefix: string) {
    const value = this.context.response.headers.get(name) ?? '';
    assert.ok(value.startsWith(prefix), `${name}: ${value}`);
  },
);
