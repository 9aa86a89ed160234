import { describe, expect, it } from 'vitest';
import { createApp } from '../../../src/app.ts';
import { TokenOutput } from '../../../src/models/dtos/auth/v1/auth.v1.dtos.ts';
import { UserOutput, UserSearchOutput } from '../../../src/models/dtos/user/v1/user.v1.dtos.ts';
import { fakeAppDeps } from '../../fakes/fake-app-deps.ts';

/*
 * The v1 output DTOs describe what the API answers (the OpenAPI document is made from
 * them): every field a real answer has, and nothing else.
 */

const json = (body: unknown) => ({
  method: 'POST',
  headers: { 'Content-Type': 'application/json' },
  body: JSON.stringify(body),
});

async function answers() {
  const { deps } = fakeAppDeps();
  const app = createApp(deps);
  const password = 'correct horse battery';
  await deps.users.register({
    username: 'root',
    email: 'root@example.com',
    password,
    role: 'admin',
  });
  const user = (await (
    await app.request(
      '/api/v1/users',
      json({ username: 'ada', email: 'ada@example.com', password }),
    )
  ).json()) as Record<string, unknown>;
  const token = (await (
    await app.request('/api/v1/auth/token', json({ login: 'root', password }))
  ).json()) as Record<string, unknown>;
  const page = (await (
    await app.request('/api/v1/users?sort=username', {
      headers: { Authorization: `Bearer ${String(token.accessToken)}` },
    })
  ).json()) as Record<string, unknown>;
  return { user, token, page };
}

describe('the v1 output DTOs', () => {
  it('describe a user exactly as the API answers one', async () => {
    const { user } = await answers();
    expect(Object.keys(UserOutput.shape).sort()).toEqual(Object.keys(user).sort());
    expect(UserOutput.strict().parse(user)).toEqual(user);
  });

  it('describe a page of users and a token pair exactly as the API answers them', async () => {
    const { token, page } = await answers();
    expect(Object.keys(UserSearchOutput.shape).sort()).toEqual(Object.keys(page).sort());
    expect(UserSearchOutput.strict().parse(page)).toEqual(page);
    expect(Object.keys(TokenOutput.shape).sort()).toEqual(Object.keys(token).sort());
    expect(TokenOutput.strict().parse(token)).toEqual(token);
  });
});
