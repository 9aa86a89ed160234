import { Given, When } from '@cucumber/cucumber';
import assert from 'node:assert/strict';
import type { Actor } from '../support/parameter-types.ts';
import type { ApiWorld } from '../support/world.ts';

const USERS = '/api/v1/users';

const idOf = (world: ApiWorld, name: string) =>
  world.context.get<{ id: string }>(`user ${name}`).id;

Given('the admin {string} is signed in', async function (this: ApiWorld, name: string) {
  assert.equal(name, 'root', 'the scenario admin is "root"');
  const headers = await this.context.headersOf({ kind: 'admin' });
  const me = await this.context.fetch(`${USERS}/me`, { headers });
  assert.equal(me.status, 200);
  this.context.store(`user ${name}`, await me.json());
});

When(
  '{actor} gives {string} the role {string}',
  async function (this: ApiWorld, actor: Actor, name: string, role: string) {
    await this.context.request('PUT', `${USERS}/${idOf(this, name)}/role`, {
      headers: { ...(await this.context.headersOf(actor)), 'Content-Type': 'application/json' },
      body: JSON.stringify({ role }),
    });
  },
);

When(
  '{actor} sends the role body {} for {string}',
  async function (this: ApiWorld, actor: Actor, body: string, name: string) {
    await this.context.request('PUT', `${USERS}/${idOf(this, name)}/role`, {
      headers: { ...(await this.context.headersOf(actor)), 'Content-Type': 'application/json' },
      body,
    });
  },
);
