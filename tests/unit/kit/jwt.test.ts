import { decode, sign } from 'hono/jwt';
import { createHmac } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createJwtAccessTokens } from '../../../src/kit/auth/hono-jwt.ts';
import { createNodeJwtAccessTokens } from '../../../src/kit/auth/node-jwt.ts';
import { toBase64Url } from '../../../src/kit/crypto/encoding.ts';

const secret = 'a-test-secret-that-is-32-bytes-long!';
const options = { secret, issuer: 'iss-a', audience: 'aud-a', ttlSeconds: 900 };
const claims = { sub: 'user-1', role: 'user', sid: 's-1', jti: 'jti-1' };

const encode = (value: object) => toBase64Url(new TextEncoder().encode(JSON.stringify(value)));

/** A token signed with our secret under any header: what a forger holding the key could send. */
const signedWithHeader = (header: object) => {
  const payload = encode({ ...claims, iss: 'iss-a', aud: 'aud-a', exp: 9_999_999_999 });
  const input = `${encode(header)}.${payload}`;
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
};

const implementations = [
  ['hono (WebCrypto)', createJwtAccessTokens],
  ['node:crypto', createNodeJwtAccessTokens],
] as const;

describe.each(implementations)('JWT access tokens: %s', (_name, createJwtAccessTokens) => {
  const tokens = createJwtAccessTokens(options);

  it('issues an HS256 token with the contract claims and verifies it', async () => {
    const { token, expiresIn } = await tokens.issue(claims);
    expect(expiresIn).toBe(900);
    const { header, payload } = decode(token);
    expect(header).toMatchObject({ alg: 'HS256', typ: 'JWT' });
    expect(payload).toMatchObject({ ...claims, iss: 'iss-a', aud: 'aud-a' });
    expect(Number(payload?.exp) - Number(payload?.iat)).toBe(900);
    expect(await tokens.verify(token)).toEqual(claims);
  });

  it('verifies a token whose header is not written as ours but says the same', async () => {
    // Ours is {"alg":"HS256","typ":"JWT"}; the same fields in another order, or no typ, are valid.
    await expect(tokens.verify(signedWithHeader({ typ: 'JWT', alg: 'HS256' }))).resolves.toEqual(
      claims,
    );
    await expect(tokens.verify(signedWithHeader({ alg: 'HS256' }))).resolves.toEqual(claims);
  });

  it.each([
    ['a crit header', { alg: 'HS256', typ: 'JWT', crit: ['exp'] }],
    ['another typ', { alg: 'HS256', typ: 'at+jwt' }],
    ['alg none under a valid signature', { alg: 'none', typ: 'JWT' }],
  ])('refuses %s even when signed with our secret', async (_name, header) => {
    await expect(tokens.verify(signedWithHeader(header))).rejects.toMatchObject({
      code: 'INVALID_TOKEN',
    });
  });

  it('refuses an expired token as TOKEN_EXPIRED', async () => {
    const past = createJwtAccessTokens({
      ...options,
      nowSeconds: () => Math.floor(Date.now() / 1000) - 3600,
    });
    const { token } = await past.issue(claims);
    await expect(tokens.verify(token)).rejects.toMatchObject({ code: 'TOKEN_EXPIRED' });
  });

  it.each([
    [
      'a tampered payload',
      async () => {
        const [h, , s] = (await tokens.issue(claims)).token.split('.');
        return `${h}.${encode({ ...claims, role: 'admin', exp: 9_999_999_999 })}.${s}`;
      },
    ],
    [
      'alg none',
      () =>
        Promise.resolve(
          `${encode({ alg: 'none', typ: 'JWT' })}.${encode({ ...claims, exp: 9_999_999_999 })}.`,
        ),
    ],
    [
      'another secret',
      () =>
        createJwtAccessTokens({ ...options, secret: 'another-secret-that-is-32-bytes-long' })
          .issue(claims)
          .then((t) => t.token),
    ],
    [
      'another issuer',
      () =>
        createJwtAccessTokens({ ...options, issuer: 'iss-b' })
          .issue(claims)
          .then((t) => t.token),
    ],
    [
      'another audience',
      () =>
        createJwtAccessTokens({ ...options, audience: 'aud-b' })
          .issue(claims)
          .then((t) => t.token),
    ],
    [
      'HS512 with our secret',
      () => sign({ ...claims, iss: 'iss-a', aud: 'aud-a', exp: 9_999_999_999 }, secret, 'HS512'),
    ],
    [
      'no sub claim',
      () =>
        sign(
          { role: 'user', jti: 'j', iss: 'iss-a', aud: 'aud-a', exp: 9_999_999_999 },
          secret,
          'HS256',
        ),
    ],
    ['garbage', () => Promise.resolve('not.a.jwt')],
    ['an empty string', () => Promise.resolve('')],
  ])('refuses %s as INVALID_TOKEN', async (_name, make) => {
    await expect(tokens.verify(await make())).rejects.toMatchObject({ code: 'INVALID_TOKEN' });
  });
});

describe('the two implementations interoperate', () => {
  const pairs = [
    ['hono issues, node:crypto verifies', createJwtAccessTokens, createNodeJwtAccessTokens],
    ['node:crypto issues, hono verifies', createNodeJwtAccessTokens, createJwtAccessTokens],
  ] as const;

  it.each(pairs)('%s', async (_name, issuer, verifier) => {
    const { token } = await issuer(options).issue(claims);
    expect(await verifier(options).verify(token)).toEqual(claims);
    // A tampered token and an expired one are refused alike by the other side.
    const [h, p, s] = token.split('.');
    const flipped = `${s?.[0] === 'A' ? 'B' : 'A'}${s?.slice(1) ?? ''}`;
    await expect(verifier(options).verify(`${h}.${p}.${flipped}`)).rejects.toMatchObject({
      code: 'INVALID_TOKEN',
    });
    const past = issuer({ ...options, nowSeconds: () => Math.floor(Date.now() / 1000) - 3600 });
    await expect(verifier(options).verify((await past.issue(claims)).token)).rejects.toMatchObject({
      code: 'TOKEN_EXPIRED',
    });
  });

  it('both write the same token for the same claims and instant', async () => {
    const at = { ...options, nowSeconds: () => 1_800_000_000 };
    expect((await createNodeJwtAccessTokens(at).issue(claims)).token).toBe(
      (await createJwtAccessTokens(at).issue(claims)).token,
    );
  });
});

describe('the node:crypto verifier’s memory of checked tokens', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('checks the times again at every use: a token accepted before it expires is refused after', async () => {
    vi.useFakeTimers({ now: 1_800_000_000_000, toFake: ['Date'] });
    const tokens = createNodeJwtAccessTokens(options);
    const { token } = await tokens.issue(claims);
    expect(await tokens.verify(token)).toEqual(claims);
    vi.setSystemTime(1_800_000_000_000 + 899_000);
    expect(await tokens.verify(token)).toEqual(claims);
    vi.setSystemTime(1_800_000_000_000 + 900_000);
    await expect(tokens.verify(token)).rejects.toMatchObject({ code: 'TOKEN_EXPIRED' });
    await expect(tokens.verify(token)).rejects.toMatchObject({ code: 'TOKEN_EXPIRED' });
  });

  it('refuses a token issued in the future at every use until its time comes', async () => {
    vi.useFakeTimers({ now: 1_800_000_000_000, toFake: ['Date'] });
    const tokens = createNodeJwtAccessTokens(options);
    const later = createNodeJwtAccessTokens({ ...options, nowSeconds: () => 1_800_000_060 });
    const { token } = await later.issue(claims);
    await expect(tokens.verify(token)).rejects.toMatchObject({ code: 'INVALID_TOKEN' });
    vi.setSystemTime(1_800_000_060_000);
    expect(await tokens.verify(token)).toEqual(claims);
    vi.setSystemTime(1_800_000_000_000);
    await expect(tokens.verify(token)).rejects.toMatchObject({ code: 'INVALID_TOKEN' });
  });

  it('hands out claims no caller can change for the next request', async () => {
    const tokens = createNodeJwtAccessTokens(options);
    const { token } = await tokens.issue(claims);
    const first = await tokens.verify(token);
    expect(() => {
      (first as { role: string }).role = 'admin';
    }).toThrow(TypeError);
    expect(await tokens.verify(token)).toEqual(claims);
  });
});
