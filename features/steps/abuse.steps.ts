import { Then, When } from '@cucumber/cucumber';
import assert from 'node:assert/strict';
import { DEFAULT_PASSWORD } from '../support/scenario-context.ts';
import type { ApiWorld } from '../support/world.ts';

const json = { 'Content-Type': 'application/json' };

/** Time a burst may take on the slowest target (the Worker hashes each password too). */
const BURST_MS = 15_000;
/** A burst step may first wait for a fresh rate-limit window, then runs the burst. */
const BURST_STEP = { timeout: 2 * BURST_MS + 10_000 };

When(
  'a script logs in as {string} {int} times from {string}',
  BURST_STEP,
  async function (this: ApiWorld, login: string, times: number, address: string) {
    await this.context.fitInOneRateWindow(BURST_MS);
    const statuses: number[] = [];
    for (let i = 0; i < Math.min(times, 100); i++) {
      const response = await this.context.request('POST', '/api/v1/auth/token', {
        headers: { ...json, 'X-Forwarded-For': address },
        body: JSON.stringify({ login, password: DEFAULT_PASSWORD }),
      });
      statuses.push(response.status);
    }
    this.context.store('burst statuses', statuses);
  },
);

When(
  'a script registers {int} users from {string}',
  BURST_STEP,
  async function (this: ApiWorld, times: number, address: string) {
    await this.context.fitInOneRateWindow(BURST_MS);
    for (let i = 0; i < Math.min(times, 100); i++) {
      await this.context.request('POST', '/api/v1/users', {
        headers: { ...json, 'X-Forwarded-For': address },
        body: JSON.stringify({
          username: `bot${i}`,
          email: `bot${i}@example.com`,
          password: 'a sturdy passphrase 1',
        }),
      });
    }
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
