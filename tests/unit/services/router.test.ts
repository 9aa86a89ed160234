import { describe, expect, it } from 'vitest';
import { authRoutesV1 } from '../../../src/services/auth/v1/auth.routes.ts';
import { createUserGuards } from '../../../src/services/auth/guards.ts';
import { userRoutesV1 } from '../../../src/services/user/v1/user.routes.ts';
import { fakeAppDeps } from '../../fakes/fake-app-deps.ts';

const post = (body: unknown) => ({
  method: 'POST',
  headers: { 'Content-Type': 'application/json' },
  body: JSON.stringify(body),
});

describe('a router mounted on its own (createRouter)', () => {
  it('answers an invalid registration with the 400 problem, no app around it', async () => {
    const { deps } = fakeAppDeps();
    const users = userRoutesV1({ users: deps.users, guards: createUserGuards(deps.auth) });
    const res = await users.request('/', post({ username: 'a', email: 'nope' }));
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    const problem = (await res.json()) as { code: string; errors: { path: string }[] };
    expect(problem.code).toBe('VALIDATION_ERROR');
    expect(problem.errors.map((e) => e.path).sort()).toEqual(['email', 'password', 'username']);
  });

  it('answers an unknown field in a log-in with the 400 problem', async () => {
    const { deps } = fakeAppDeps();
    const res = await authRoutesV1({ auth: deps.auth }).request(
      '/token',
      post({ login: 'ada', password: 'x', role: 'admin' }),
    );
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({
      code: 'VALIDATION_ERROR',
      errors: [{ path: 'role', message: 'Unknown field.' }],
    });
  });
});
