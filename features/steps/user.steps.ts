import { Given, Then, When, type DataTable } from '@cucumber/cucumber';
import assert from 'node:assert/strict';
import type { Actor } from '../support/parameter-types.ts';
import { DEFAULT_PASSWORD } from '../support/scenario-context.ts';
import type { ApiWorld } from '../support/world.ts';

interface UserOutput {
  id: string;
  username: string;
  email: string;
  status: string;
  role: string;
  createdAt: string;
  updatedAt: string;
}

const USERS = '/api/v1/users';

async function register(world: ApiWorld, username: string, email = `${username}@example.com`) {
  const response = await world.context.request('POST', USERS, {
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, email, password: DEFAULT_PASSWORD }),
  });
  assert.equal(response.status, 201, `registering ${username} failed: ${response.text}`);
  world.context.store(`user ${username}`, response.json);
  return response.json as UserOutput;
}

function userId(world: ApiWorld, name: string): string {
  return world.context.get<UserOutput>(`user ${name}`).id;
}

Given('a registered user {string}', async function (this: ApiWorld, username: string) {
  await register(this, username);
});

Given(
  'a registered user {string} with email {string}',
  async function (this: ApiWorld, username: string, email: string) {
    await register(this, username, email);
  },
);

Given('registered users {string}', async function (this: ApiWorld, names: string) {
  for (const name of names.split(',').map((n) => n.trim())) await register(this, name);
});

Given('the user {string} was deleted', async function (this: ApiWorld, name: string) {
  const response = await this.context.request('DELETE', `${USERS}/${userId(this, name)}`, {
    headers: await this.context.headersOf({ kind: 'admin' }),
  });
  assert.equal(response.status, 204, response.text);
});

Given('the user {string} was suspended', async function (this: ApiWorld, name: string) {
  const response = await this.context.request('POST', `${USERS}/${userId(this, name)}/suspend`, {
    headers: await this.context.headersOf({ kind: 'admin' }),
  });
  assert.equal(response.status, 200, response.text);
  this.context.store(`user ${name}`, response.json);
});

When('someone registers with:', async function (this: ApiWorld, table: DataTable) {
  await this.context.request('POST', USERS, {
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(table.rowsHash()),
  });
});

When('someone registers with the JSON body:', async function (this: ApiWorld, body: string) {
  await this.context.request('POST', USERS, {
    headers: { 'Content-Type': 'application/json' },
    body,
  });
});

When(
  '{int} clients register the username {string} at the same time',
  async function (this: ApiWorld, count: number, username: string) {
    const responses = await Promise.all(
      Array.from({ length: count }, async (_, i) =>
        this.context.fetch(USERS, {
          method: 'POST',
          // Twenty clients, twenty addresses: the race is for the name, not the rate limit.
          headers: { 'Content-Type': 'application/json', 'X-Forwarded-For': `198.51.100.${i + 1}` },
          body: JSON.stringify({
            username,
            email: `racer${i}@example.com`,
            password: DEFAULT_PASSWORD,
          }),
        }),
      ),
    );
    this.context.store(
      'race statuses',
      responses.map((r) => r.status),
    );
  },
);

When('{actor} looks up {string}', async function (this: ApiWorld, actor: Actor, name: string) {
  await this.context.request('GET', `${USERS}/${userId(this, name)}`, {
    headers: await this.context.headersOf(actor),
  });
});

When(
  '{actor} looks up the user id {string}',
  async function (this: ApiWorld, actor: Actor, id: string) {
    await this.context.request('GET', `${USERS}/${id}`, {
      headers: await this.context.headersOf(actor),
    });
  },
);

When(
  '{actor} searches users with {string}',
  async function (this: ApiWorld, actor: Actor, query: string) {
    await this.context.request('GET', `${USERS}${query === '' ? '' : `?${query}`}`, {
      headers: await this.context.headersOf(actor),
    });
  },
);

When(
  '{actor} changes {string} with:',
  async function (this: ApiWorld, actor: Actor, name: string, body: string) {
    await this.context.request('PATCH', `${USERS}/${userId(this, name)}`, {
      headers: { ...(await this.context.headersOf(actor)), 'Content-Type': 'application/json' },
      body,
    });
  },
);

When('{actor} suspends {string}', async function (this: ApiWorld, actor: Actor, name: string) {
  await this.context.request('POST', `${USERS}/${userId(this, name)}/suspend`, {
    headers: await this.context.headersOf(actor),
  });
});

When('{actor} activates {string}', async function (this: ApiWorld, actor: Actor, name: string) {
  await this.context.request('POST', `${USERS}/${userId(this, name)}/activate`, {
    headers: await this.context.headersOf(actor),
  });
});

When('{actor} deletes {string}', async function (this: ApiWorld, actor: Actor, name: string) {
  await this.context.request('DELETE', `${USERS}/${userId(this, name)}`, {
    headers: await this.context.headersOf(actor),
  });
});

Then('the answer is the user {string}', function (this: ApiWorld, name: string) {
  const { response } = this.context;
  assert.equal(response.status, 200, response.text);
  const user = response.json as UserOutput;
  assert.equal(user.id, userId(this, name));
  assert.deepEqual(Object.keys(user).sort(), [
    'createdAt',
    'email',
    'emailVerified',
    'id',
    'lastLoginAt',
    'mfaEnabled',
    'role',
    'status',
    'updatedAt',
    'username',
  ]);
});

Then(
  'the user is shown with {word} {string}',
  function (this: ApiWorld, field: string, value: string) {
    const user = this.context.response.json as Record<string, unknown>;
    assert.equal(String(user[field]), value);
  },
);

Then('a user {string} was created', function (this: ApiWorld, username: string) {
  const { response } = this.context;
  assert.equal(response.status, 201, response.text);
  const user = response.json as UserOutput;
  assert.equal(user.username, username);
  assert.equal(user.role, 'user');
  assert.equal(user.status, 'active');
  assert.equal(response.headers.get('location'), `${USERS}/${user.id}`);
  assert.ok(!('password' in user) && !('passwordHash' in user));
  this.context.store(`user ${username}`, user);
});

Then('the search finds {string}', function (this: ApiWorld, names: string) {
  const { response } = this.context;
  assert.equal(response.status, 200, response.text);
  const page = response.json as { items: UserOutput[] };
  const expected = names === '' ? [] : names.split(',').map((n) => n.trim());
  assert.deepEqual(
    page.items.map((u) => u.username),
    expected,
  );
});

Then(
  'the page is {int} of size {int} with {int} matches in all',
  function (this: ApiWorld, page: number, pageSize: number, total: number) {
    assert.deepEqual(
      { ...(this.context.response.json as object), items: undefined },
      { items: undefined, page, pageSize, total },
    );
  },
);

Then('exactly one registration succeeded and the others conflicted', function (this: ApiWorld) {
  const statuses = this.context.get<number[]>('race statuses');
  assert.equal(statuses.filter((s) => s === 201).length, 1, statuses.join(','));
  assert.equal(statuses.filter((s) => s === 409).length, statuses.length - 1, statuses.join(','));
});

Then('the problem names the field {string}', function (this: ApiWorld, path: string) {
  const problem = this.context.response.json as { errors?: { path: string }[] };
  const paths = (problem.errors ?? []).map((e) => e.path);
  assert.ok(paths.includes(path), `errors name ${JSON.stringify(paths)}, not "${path}"`);
});

Then('a welcome email was sent to {string}', async function (this: ApiWorld, address: string) {
  await this.context.tasks.flush();
  assert.deepEqual(
    this.context.email.sent.map((m) => m.to),
    [address],
  );
});

Given('the email provider is down', function (this: ApiWorld) {
  this.context.email.failing = true;
});
