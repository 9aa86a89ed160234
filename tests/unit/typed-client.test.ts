import { hc } from 'hono/client';
import { describe, expect, it } from 'vitest';
import { createApp, type AppType } from '../../src/app.ts';
import { fakeAppDeps } from '../fakes/fake-app-deps.ts';

describe("hono/client's hc<AppType>", () => {
  const app = createApp(fakeAppDeps().deps);
  // The client's requests go to the app in-process instead of over the network.
  const client = hc<AppType>('http://api.test', {
    fetch: ((input, init) => app.request(input, init)) as typeof fetch,
  });

  it('registers, logs in and reads the user with typed requests and bodies', async () => {
    const registered = await client.api.v1.users.$post({
      json: {
        username: 'typed_ada',
        email: 'typed@example.com',
        password: 'a sturdy passphrase 1',
      },
    });
    expect(registered.status).toBe(201);
    if (registered.status !== 201) return;
    const user = await registered.json();
    expect(user.username).toBe('typed_ada');
    expect(registered.headers.get('cache-control')).toBe('no-store');

    const login = await client.api.v1.auth.token.$post({
      json: { login: 'typed_ada', password: 'a sturdy passphrase 1' },
    });
    expect(login.status).toBe(200);
    if (login.status !== 200) return;
    const { accessToken, tokenType } = await login.json();
    expect(tokenType).toBe('Bearer');

    const me = await client.api.v1.users.me.$get(
      {},
      { headers: { Authorization: `Bearer ${accessToken}` } },
    );
    expect(me.status).toBe(200);
    if (me.status !== 200) return;
    expect((await me.json()).id).toBe(user.id);

    const byId = await client.api.v1.users[':id'].$get(
      { param: { id: user.id } },
      { headers: { Authorization: `Bearer ${accessToken}` } },
    );
    expect(byId.status).toBe(200);
    if (byId.status !== 200) return;
    expect((await byId.json()).email).toBe('typed@example.com');
  });

  it('reaches the problem answers, which the client leaves untyped (problem+json)', async () => {
    const anonymous = await client.api.v1.users.me.$get();
    expect(anonymous.status as number).toBe(401);
    expect(((await anonymous.json()) as unknown as { code: string }).code).toBe('UNAUTHENTICATED');
  });
});
