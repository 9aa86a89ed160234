import { Given, Then, When } from '@cucumber/cucumber';
import assert from 'node:assert/strict';
import { parseOtpauthUri, totpAt } from '../../tests/support/rfc6238.ts';
import type { Actor } from '../support/parameter-types.ts';
import { DEFAULT_PASSWORD } from '../support/scenario-context.ts';
import type { ApiWorld } from '../support/world.ts';

const USERS = '/api/v1/users';
const json = { 'Content-Type': 'application/json' };

const idOf = (world: ApiWorld, name: string) =>
  world.context.get<{ id: string }>(`user ${name}`).id;

/** The code an authenticator shows `steps` steps from the service's now. */
const codeOf = (world: ApiWorld, steps = 0) =>
  totpAt(
    world.context.get<string>('otpauth uri'),
    new Date(world.context.clock.now().getTime() + steps * 30_000),
  );

async function enrol(world: ApiWorld, actor: Actor, name: string) {
  const response = await world.context.request('POST', `${USERS}/${idOf(world, name)}/mfa/totp`, {
    headers: await world.context.headersOf(actor),
  });
  if (response.status === 200) {
    world.context.store('otpauth uri', (response.json as { otpauthUri: string }).otpauthUri);
  }
}

async function confirm(world: ApiWorld, name: string, code: string) {
  const response = await world.context.request(
    'POST',
    `${USERS}/${idOf(world, name)}/mfa/totp/confirm`,
    {
      headers: { ...(await world.context.headersOf({ kind: 'user', name })), ...json },
      body: JSON.stringify({ code }),
    },
  );
  if (response.status === 200) {
    world.context.store(
      'recovery codes',
      (response.json as { recoveryCodes: string[] }).recoveryCodes,
    );
  }
}

async function logIn(world: ApiWorld, login: string, otp?: string) {
  const response = await world.context.request('POST', '/api/v1/auth/token', {
    headers: json,
    body: JSON.stringify({
      login,
      password: DEFAULT_PASSWORD,
      ...(otp === undefined ? {} : { otp }),
    }),
  });
  if (response.status === 200) world.context.store('session', response.json);
  if (otp !== undefined) world.context.store('last otp', otp);
}

When('{string} starts a TOTP enrolment', async function (this: ApiWorld, name: string) {
  await enrol(this, { kind: 'user', name }, name);
});

When(
  '{actor} starts a TOTP enrolment for {string}',
  async function (this: ApiWorld, actor: Actor, name: string) {
    await enrol(this, actor, name);
  },
);

When(
  '{string} confirms the enrolment with the current code',
  async function (this: ApiWorld, name: string) {
    await confirm(this, name, codeOf(this));
  },
);

When(
  '{string} confirms the enrolment with the otp {string}',
  async function (this: ApiWorld, name: string, code: string) {
    await confirm(this, name, code);
  },
);

Given('{string} has enrolled a second factor', async function (this: ApiWorld, name: string) {
  await enrol(this, { kind: 'user', name }, name);
  assert.equal(this.context.response.status, 200, this.context.response.text);
  await confirm(this, name, codeOf(this));
  assert.equal(this.context.response.status, 200, this.context.response.text);
});

Then('the enrolment answers a base32 secret inside an otpauth URI', function (this: ApiWorld) {
  const { secret, otpauthUri } = this.context.response.json as {
    secret: string;
    otpauthUri: string;
  };
  assert.match(secret, /^[A-Z2-7]{32}$/);
  assert.deepEqual(parseOtpauthUri(otpauthUri), { secret, digits: 6, period: 30 });
  assert.match(otpauthUri, /^otpauth:\/\/totp\/[^?]*ada/);
});

Then('ten distinct recovery codes are answered', function (this: ApiWorld) {
  const codes = this.context.get<string[]>('recovery codes');
  assert.equal(codes.length, 10);
  assert.equal(new Set(codes).size, 10);
});

When(
  '{string} logs in with the code of the next step',
  async function (this: ApiWorld, login: string) {
    await logIn(this, login, codeOf(this, 1));
  },
);

When('{string} logs in with the current code', async function (this: ApiWorld, login: string) {
  await logIn(this, login, codeOf(this));
});

When('{string} logs in with the same code again', async function (this: ApiWorld, login: string) {
  await logIn(this, login, this.context.get<string>('last otp'));
});

When(
  '{string} logs in with recovery code {int}',
  async function (this: ApiWorld, login: string, n: number) {
    const code = this.context.get<string[]>('recovery codes')[n - 1];
    assert.ok(code);
    await logIn(this, login, code);
  },
);

When(
  '{string} logs in with the otp {string}',
  async function (this: ApiWorld, login: string, otp: string) {
    await logIn(this, login, otp);
  },
);

When(
  '{string} logs in with the otp {string} {int} times',
  async function (this: ApiWorld, login: string, otp: string, times: number) {
    for (let i = 0; i < Math.min(times, 50); i++) await logIn(this, login, otp);
  },
);

When(
  '{actor} removes the second factor of {string}',
  async function (this: ApiWorld, actor: Actor, name: string) {
    await this.context.request('DELETE', `${USERS}/${idOf(this, name)}/mfa/totp`, {
      headers: await this.context.headersOf(actor),
    });
  },
);

async function removeOwn(world: ApiWorld, name: string, password: string) {
  await world.context.request('DELETE', `${USERS}/${idOf(world, name)}/mfa/totp`, {
    headers: { ...(await world.context.headersOf({ kind: 'user', name })), ...json },
    body: JSON.stringify({ password }),
  });
}

When(
  '{string} removes their second factor with the password {string}',
  async function (this: ApiWorld, name: string, password: string) {
    await removeOwn(this, name, password);
  },
);

When(
  '{string} removes their second factor with the right password',
  async function (this: ApiWorld, name: string) {
    await removeOwn(this, name, DEFAULT_PASSWORD);
  },
);
