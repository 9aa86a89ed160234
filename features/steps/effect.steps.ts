import { Given, Then, When } from '@cucumber/cucumber';
import { sign } from 'hono/jwt';
import assert from 'node:assert/strict';
import { TOKEN_ISSUER } from '../../src/configs/compose.ts';
import { fromBase64Url } from '../../src/kit/crypto/encoding.ts';
import { TEST_JWT_SECRET } from '../../tests/fakes/fake-app-deps.ts';
import { DEFAULT_PASSWORD } from '../support/scenario-context.ts';
import { assertProblem } from '../support/assertions.ts';
import type { ApiWorld } from '../support/world.ts';

/*
 * Thens that check what a call did, not only its status: the user an admin sees afterwards,
 * the problem code of a refusal, what the log says.
 */

const USERS = '/api/v1/users';

interface UserOutput {
  id: string;
  username: string;
  email: string;
  status: string;
  updatedAt: string;
}

const known = (world: ApiWorld, name: string) => world.context.get<UserOutput>(`user ${name}`);

/** The user as an admin reads it now, without touching the scenario's last response. */
async function adminView(world: ApiWorld, name: string) {
  const response = await world.context.fetch(`${USERS}/${known(world, name).id}`, {
    headers: await world.context.headersOf({ kind: 'admin' }),
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

Then(
  'the call answers {int} {word} for {string}',
  async function (this: ApiWorld, status: number, outcome: string, name: string) {
    const { response } = this.context;
    const body = response.json as UserOutput | undefined;
    const before = known(this, name);
    assert.equal(response.status, status, `got ${response.status}: ${response.text.slice(0, 300)}`);
    switch (outcome) {
      case 'returned':
        assert.equal(body?.id, before.id);
        return;
      case 'suspended':
      case 'active': {
        assert.equal(body?.id, before.id);
        assert.equal(body?.status, outcome);
        const now = await adminView(this, name);
        assert.equal(now.json.status, outcome, 'the change did not stick');
        return;
      }
      case 'changed': {
        assert.equal(body?.email, 'changed@example.com');
        assert.equal((await adminView(this, name)).json.email, 'changed@example.com');
        return;
      }
      case 'deleted': {
        assert.equal(response.text, '');
        const now = await adminView(this, name);
        assert.equal(now.status, 404);
        assert.equal(now.json.code, 'USER_NOT_FOUND');
        return;
      }
      default: {
        // A refusal: the problem names why, and the user is as it was.
        assertProblem(response, status, outcome);
        const now = await adminView(this, name);
        assert.equal(now.status, 200);
        assert.equal(now.json.status, before.status);
        assert.equal(now.json.email, before.email);
      }
    }
  },
);

Then('the search answers {int} {word}', function (this: ApiWorld, status: number, outcome: string) {
  const { response } = this.context;
  if (outcome !== 'everyone') return assertProblem(response, status, outcome);
  assert.equal(response.status, status, response.text);
  const names = (response.json as { items: UserOutput[] }).items.map((u) => u.username);
  assert.deepEqual(names.sort(), ['ada', 'bob', 'root']);
});

Then("{string}'s updatedAt is as it was before", function (this: ApiWorld, name: string) {
  const body = this.context.response.json as UserOutput;
  assert.equal(body.id, known(this, name).id);
  assert.equal(body.updatedAt, known(this, name).updatedAt);
});

Then('the log has a warning {string}', async function (this: ApiWorld, message: string) {
  await this.context.tasks.flush();
  const warnings = this.context.logLines
    .map((line) => JSON.parse(line) as { level: string; msg: string })
    .filter((entry) => entry.level === 'warn');
  assert.ok(
    warnings.some((entry) => entry.msg === message),
    `no warning "${message}" among ${JSON.stringify(warnings.map((w) => w.msg))}`,
  );
});

Given('an admin has looked up {string}', async function (this: ApiWorld, name: string) {
  assert.equal((await adminView(this, name)).status, 200);
});

Given(
  'the database alone says {string} is {word}',
  async function (this: ApiWorld, name: string, status: string) {
    // Behind the API's back: the cache still holds the user as it was.
    await this.context.query('update users set status = ? where id = ?', [
      status,
      known(this, name).id,
    ]);
  },
);

Then(
  'an admin looking up {string} still sees the cached status {string}',
  async function (this: ApiWorld, name: string, status: string) {
    assert.equal((await adminView(this, name)).json.status, status);
  },
);

Given('{int} days have passed', function (this: ApiWorld, days: number) {
  this.context.clock.advance(days * 86_400_000);
});

Given(
  '{string} holds a token that claims the admin role',
  async function (this: ApiWorld, name: string) {
    const now = Math.floor(Date.now() / 1000);
    // A live session of the user's own, so only the role claim is false.
    const { accessToken } = await this.context.logIn(name, DEFAULT_PASSWORD);
    const { sid } = JSON.parse(
      new TextDecoder().decode(fromBase64Url(accessToken.split('.')[1] ?? '')),
    ) as { sid: string };
    const token = await sign(
      {
        sub: known(this, name).id,
        role: 'admin',
        sid,
        jti: 'forged-role',
        iss: TOKEN_ISSUER,
        aud: TOKEN_ISSUER,
        iat: now,
        exp: now + 600,
      },
      TEST_JWT_SECRET,
      'HS256',
    );
    this.context.store('claiming token', token);
  },
);

When(
  'the client sends GET {string} with that token',
  async function (this: ApiWorld, path: string) {
    const resolved = path.replace(/\{(\w+)\}/g, (_, name: string) => known(this, name).id);
    await this.context.request('GET', resolved, {
      headers: { Authorization: `Bearer ${this.context.get<string>('claiming token')}` },
    });
  },
);
