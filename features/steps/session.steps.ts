import { Then, When, Given } from '@cucumber/cucumber';
import assert from 'node:assert/strict';
import { assertProblem } from '../support/assertions.ts';
import type { Actor } from '../support/parameter-types.ts';
import { DEFAULT_PASSWORD } from '../support/scenario-context.ts';
import type { ApiWorld } from '../support/world.ts';

/** A token pair a step keeps, by user and device ("ada" on "laptop"). */
export interface Pair {
  accessToken: string;
  refreshToken: string;
}

interface SessionItem {
  id: string;
  userAgent: string | null;
  current: boolean;
  createdAt: string;
  lastUsedAt: string;
  expiresAt: string;
}

const json = { 'Content-Type': 'application/json' };
const pairKey = (name: string, device: string) => `pair ${name} ${device}`;
export const userIdOf = (world: ApiWorld, name: string) =>
  world.context.get<{ id: string }>(`user ${name}`).id;
export const pairOf = (world: ApiWorld, name: string, device: string) =>
  world.context.get<Pair>(pairKey(name, device));
export const keepPair = (world: ApiWorld, name: string, device: string, pair: Pair) => {
  world.context.store(pairKey(name, device), pair);
};
const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

/** Logs in through the API from a device (its User-Agent); fails the step when refused. */
export async function logInOn(
  world: ApiWorld,
  name: string,
  device: string,
  password = DEFAULT_PASSWORD,
) {
  const response = await world.context.fetch('/api/v1/auth/token', {
    method: 'POST',
    headers: { ...json, 'User-Agent': device },
    body: JSON.stringify({ login: name, password }),
  });
  assert.equal(response.status, 200, await response.clone().text());
  const pair = (await response.json()) as Pair;
  keepPair(world, name, device, pair);
  return pair;
}

/** The status of `GET /users/me` with an access token, and the problem code if refused. */
async function me(world: ApiWorld, accessToken: string) {
  return world.context.request('GET', '/api/v1/users/me', { headers: bearer(accessToken) });
}

async function refresh(world: ApiWorld, refreshToken: string) {
  return world.context.request('POST', '/api/v1/auth/refresh', {
    headers: json,
    body: JSON.stringify({ refreshToken }),
  });
}

Given(
  '{string} has logged in on {string}',
  async function (this: ApiWorld, name: string, device: string) {
    await logInOn(this, name, device);
  },
);

When(
  '{string} lists the sessions of {string} from {string}',
  async function (this: ApiWorld, name: string, owner: string, device: string) {
    await this.context.request('GET', `/api/v1/users/${userIdOf(this, owner)}/sessions`, {
      headers: bearer(pairOf(this, name, device).accessToken),
    });
  },
);

When(
  '{actor} lists the sessions of {string}',
  async function (this: ApiWorld, actor: Actor, owner: string) {
    await this.context.request('GET', `/api/v1/users/${userIdOf(this, owner)}/sessions`, {
      headers: await this.context.headersOf(actor),
    });
  },
);

Then(
  'the sessions listed are {string}, newest first, with {string} current',
  function (this: ApiWorld, devices: string, current: string) {
    const { response } = this.context;
    assert.equal(response.status, 200, response.text);
    const { items } = response.json as { items: SessionItem[] };
    assert.deepEqual(
      items.map((item) => item.userAgent),
      devices.split(',').map((d) => d.trim()),
    );
    assert.deepEqual(
      items.filter((item) => item.current).map((item) => item.userAgent),
      current === 'none' ? [] : [current],
    );
    for (const item of items) {
      assert.ok(Date.parse(item.expiresAt) > Date.parse(item.lastUsedAt), 'expires after use');
    }
  },
);

/** The id of `name`'s live session from `target`, as `device` lists it; kept as the last one. */
async function noteSession(world: ApiWorld, name: string, target: string, device: string) {
  const headers = bearer(pairOf(world, name, device).accessToken);
  const list = await world.context.request(
    'GET',
    `/api/v1/users/${userIdOf(world, name)}/sessions`,
    { headers },
  );
  const { items } = list.json as { items: SessionItem[] };
  const session = items.find((item) => item.userAgent === target);
  assert.ok(session, `no session from "${target}"`);
  world.context.store('last ended session', session.id);
  return session.id;
}

Given(
  '{string} has noted her session on {string} from {string}',
  async function (this: ApiWorld, name: string, target: string, device: string) {
    await noteSession(this, name, target, device);
  },
);

When(
  '{string} ends the session of {string} from {string}',
  async function (this: ApiWorld, name: string, target: string, device: string) {
    const headers = bearer(pairOf(this, name, device).accessToken);
    const sessionId = await noteSession(this, name, target, device);
    await this.context.request(
      'DELETE',
      `/api/v1/users/${userIdOf(this, name)}/sessions/${sessionId}`,
      { headers },
    );
  },
);

When(
  '{string} ends that session again from {string}',
  async function (this: ApiWorld, name: string, device: string) {
    const sessionId = this.context.get<string>('last ended session');
    await this.context.request(
      'DELETE',
      `/api/v1/users/${userIdOf(this, name)}/sessions/${sessionId}`,
      { headers: bearer(pairOf(this, name, device).accessToken) },
    );
  },
);

When(
  '{string} ends the session {string} from {string}',
  async function (this: ApiWorld, name: string, sessionId: string, device: string) {
    await this.context.request(
      'DELETE',
      `/api/v1/users/${userIdOf(this, name)}/sessions/${sessionId}`,
      { headers: bearer(pairOf(this, name, device).accessToken) },
    );
  },
);

When(
  '{string} logs out everywhere from {string}',
  async function (this: ApiWorld, name: string, device: string) {
    await this.context.request('DELETE', `/api/v1/users/${userIdOf(this, name)}/sessions`, {
      headers: bearer(pairOf(this, name, device).accessToken),
    });
  },
);

When(
  '{actor} ends every session of {string}',
  async function (this: ApiWorld, actor: Actor, name: string) {
    await this.context.request('DELETE', `/api/v1/users/${userIdOf(this, name)}/sessions`, {
      headers: await this.context.headersOf(actor),
    });
  },
);

When(
  '{string} logs out on {string}',
  async function (this: ApiWorld, name: string, device: string) {
    await this.context.request('POST', '/api/v1/auth/logout', {
      headers: json,
      body: JSON.stringify({ refreshToken: pairOf(this, name, device).refreshToken }),
    });
  },
);

When(
  'someone logs out with the refresh token {string}',
  async function (this: ApiWorld, token: string) {
    await this.context.request('POST', '/api/v1/auth/logout', {
      headers: json,
      body: JSON.stringify({ refreshToken: token }),
    });
  },
);

When(
  'the refresh token of {string} on {string} is used twice',
  async function (this: ApiWorld, name: string, device: string) {
    const { refreshToken } = pairOf(this, name, device);
    const first = await refresh(this, refreshToken);
    assert.equal(first.status, 200, first.text);
    keepPair(this, name, `${device} (refreshed)`, first.json as Pair);
    await refresh(this, refreshToken);
  },
);

Then(
  'the access token of {string} on {string} is refused with {string}',
  async function (this: ApiWorld, name: string, device: string, code: string) {
    assertProblem(await me(this, pairOf(this, name, device).accessToken), 401, code);
  },
);

Then(
  'the refresh token of {string} on {string} is refused',
  async function (this: ApiWorld, name: string, device: string) {
    assertProblem(
      await refresh(this, pairOf(this, name, device).refreshToken),
      401,
      'INVALID_TOKEN',
    );
  },
);

Then(
  'the access token of {string} on {string} still works',
  async function (this: ApiWorld, name: string, device: string) {
    const response = await me(this, pairOf(this, name, device).accessToken);
    assert.equal(response.status, 200, response.text);
    assert.equal((response.json as { id: string }).id, userIdOf(this, name));
  },
);
