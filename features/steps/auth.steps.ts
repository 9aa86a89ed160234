import { Given, Then, When } from '@cucumber/cucumber';
import { sign } from 'hono/jwt';
import assert from 'node:assert/strict';
import { TOKEN_ISSUER } from '../../src/configs/compose.ts';
import { toBase64Url } from '../../src/kit/crypto/encoding.ts';
import { TEST_JWT_SECRET } from '../../tests/fakes/fake-app-deps.ts';
import type { Actor } from '../support/parameter-types.ts';
import { DEFAULT_PASSWORD } from '../support/scenario-context.ts';
import type { ApiWorld } from '../support/world.ts';

interface Session {
  accessToken: string;
  refreshToken: string;
}

const encode = (value: object) => toBase64Url(new TextEncoder().encode(JSON.stringify(value)));

async function logIn(world: ApiWorld, login: string, password: string) {
  const response = await world.context.request('POST', '/api/v1/auth/token', {
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ login, password }),
  });
  if (response.status === 200) world.context.store('session', response.json);
  return response;
}

async function refresh(world: ApiWorld, refreshToken: string) {
  const response = await world.context.request('POST', '/api/v1/auth/refresh', {
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ refreshToken }),
  });
  if (response.status === 200) world.context.store('session', response.json);
  return response;
}

When('{string} logs in with the right password', async function (this: ApiWorld, login: string) {
  await logIn(this, login, DEFAULT_PASSWORD);
});

When(
  '{string} logs in with the password {string}',
  async function (this: ApiWorld, login: string, password: string) {
    await logIn(this, login, password);
  },
);

When(
  '{string} logs in with a wrong password {int} times',
  async function (this: ApiWorld, login: string, times: number) {
    for (let i = 0; i < times; i++) await logIn(this, login, 'not the right password');
  },
);

When(
  '{string} logs in with a wrong password {int} times at once',
  async function (this: ApiWorld, login: string, times: number) {
    const statuses = await Promise.all(
      Array.from({ length: times }, async () => {
        const response = await this.context.fetch('/api/v1/auth/token', {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ login, password: 'not the right password' }),
        });
        return response.status;
      }),
    );
    this.context.store('guess statuses', statuses);
  },
);

Given('{string} is signed in', async function (this: ApiWorld, name: string) {
  await this.context.headersOf({ kind: 'user', name });
});

Given('{int} minutes have passed', function (this: ApiWorld, minutes: number) {
  this.context.clock.advance(minutes * 60_000);
});

When('the client refreshes the session', async function (this: ApiWorld) {
  const session = this.context.get<Session>('session');
  this.context.store('retired refresh token', session.refreshToken);
  await refresh(this, session.refreshToken);
});

When('the client refreshes with the retired refresh token', async function (this: ApiWorld) {
  await refresh(this, this.context.get<string>('retired refresh token'));
});

When('the client refreshes with {string}', async function (this: ApiWorld, token: string) {
  await refresh(this, token);
});

When('{actor} asks who they are', async function (this: ApiWorld, actor: Actor) {
  await this.context.request('GET', '/api/v1/users/me', {
    headers: await this.context.headersOf(actor),
  });
});

When('the client asks who it is with its access token', async function (this: ApiWorld) {
  const { accessToken } = this.context.get<Session>('session');
  await this.context.request('GET', '/api/v1/users/me', {
    headers: { Authorization: `Bearer ${accessToken}` },
  });
});

When(
  'a client asks who it is with the Authorization header {string}',
  async function (this: ApiWorld, header: string) {
    await this.context.request('GET', '/api/v1/users/me', { headers: { Authorization: header } });
  },
);

When(
  'a client asks who it is with {word} token for {string}',
  async function (this: ApiWorld, kind: string, name: string) {
    const id = this.context.get<{ id: string }>(`user ${name}`).id;
    const now = Math.floor(Date.now() / 1000);
    const claims = { sub: id, role: 'admin', jti: 'j1', iss: TOKEN_ISSUER, aud: TOKEN_ISSUER };
    let token: string;
    switch (kind) {
      case 'an-expired':
        token = await sign(
          { ...claims, role: 'user', iat: now - 3600, exp: now - 60 },
          TEST_JWT_SECRET,
          'HS256',
        );
        break;
      case 'a-none-alg':
        token = `${encode({ alg: 'none', typ: 'JWT' })}.${encode({ ...claims, iat: now, exp: now + 600 })}.`;
        break;
      case 'a-forged':
        token = await sign(
          { ...claims, iat: now, exp: now + 600 },
          'somebody-elses-secret-of-32-bytes!!',
          'HS256',
        );
        break;
      case 'a-tampered': {
        const [header, , signature] = (
          await this.context.logIn(name, DEFAULT_PASSWORD)
        ).accessToken.split('.');
        token = `${header}.${encode({ ...claims, iat: now, exp: now + 600 })}.${signature}`;
        break;
      }
      default:
        throw new Error(`unknown token kind "${kind}"`);
    }
    await this.context.request('GET', '/api/v1/users/me', {
      headers: { Authorization: `Bearer ${token}` },
    });
  },
);

Then('the log-in succeeds with a bearer token pair', function (this: ApiWorld) {
  const { response } = this.context;
  assert.equal(response.status, 200, response.text);
  const body = response.json as Record<string, unknown>;
  assert.deepEqual(Object.keys(body).sort(), [
    'accessToken',
    'expiresIn',
    'refreshToken',
    'tokenType',
  ]);
  assert.equal(body.tokenType, 'Bearer');
  assert.equal(body.expiresIn, 900);
  assert.equal(response.headers.get('cache-control'), 'no-store');
});

Then('the answer asks for a bearer token', function (this: ApiWorld) {
  assert.match(this.context.response.headers.get('www-authenticate') ?? '', /^Bearer\b/);
});

Then('the log-in attempts answered {string}', function (this: ApiWorld, expected: string) {
  const statuses = this.context.get<number[]>('guess statuses');
  const counts = new Map<number, number>();
  for (const status of statuses) counts.set(status, (counts.get(status) ?? 0) + 1);
  const actual = [...counts.entries()]
    .sort(([a], [b]) => a - b)
    .map(([s, n]) => `${n}×${s}`)
    .join(', ');
  assert.equal(actual, expected);
});

Then("the user's last log-in is recorded", function (this: ApiWorld) {
  const { lastLoginAt } = this.context.response.json as { lastLoginAt: string | null };
  assert.ok(
    lastLoginAt !== null && !Number.isNaN(Date.parse(lastLoginAt)),
    `lastLoginAt is ${lastLoginAt}`,
  );
});
