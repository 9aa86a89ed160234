import type { AutocannonRequest } from 'autocannon';
import { sign } from 'hono/jwt';
import { TOKEN_ISSUER } from '../../src/configs/compose.ts';
import { SEED_PASSWORD, type SeededUser } from './seed.ts';

/** The endpoints measured. Hello peers serve only `hello`. */
export const ENDPOINTS = ['hello', 'get-hit', 'get-miss', 'search', 'register', 'token'] as const;
/** One of `ENDPOINTS`. */
export type EndpointName = (typeof ENDPOINTS)[number];

/** What each endpoint is, for the report. */
export const ENDPOINT_LABELS: Readonly<Record<EndpointName, string>> = {
  hello: 'GET / (hello JSON)',
  'get-hit': 'GET /api/v1/users/{id}, cache hit (same id, own token)',
  'get-miss': 'GET /api/v1/users/{id}, miss sweep (new id each request, admin token)',
  search: 'GET /api/v1/users?username=user_09&pageSize=20 (admin; 20 rows of 10 000 matches)',
  register: 'POST /api/v1/users (PBKDF2 hash, unique username each request)',
  token: 'POST /api/v1/auth/token (PBKDF2 verify + 2 writes, rotating seeded users)',
};

/** The search the `search` endpoint sends: 10 000 of the 100 000 usernames contain it. */
export const SEARCH_PATH = '/api/v1/users?username=user_09&pageSize=20';

/** The fixed HS256 secret both the API and the reference peer are started with. */
export const JWT_SECRET = 'bench-only-secret-0123456789abcdef0123456789abcdef';

/** Mints an access token exactly as the API would issue it (same claims, issuer, audience). */
export async function mintToken(user: SeededUser, ttlSeconds = 3600): Promise<string> {
  const iat = Math.floor(Date.now() / 1000);
  return sign(
    {
      sub: user.id,
      role: user.role,
      // The seed gives every user one live session whose id is the user's.
      sid: user.id,
      jti: crypto.randomUUID(),
      iat,
      exp: iat + ttlSeconds,
      iss: TOKEN_ISSUER,
      aud: TOKEN_ISSUER,
    },
    JWT_SECRET,
    'HS256',
  );
}

/** The data the request builders draw on, shared by every run of a benchmark process. */
export interface LoadData {
  readonly admin: SeededUser;
  readonly adminToken: string;
  /** The user whose own token reads the same id over and over (`get-hit`). */
  readonly hitUser: SeededUser;
  readonly hitToken: string;
  readonly users: readonly SeededUser[];
  /** Active users: the only ones the `token` endpoint logs in as. */
  readonly activeUsers: readonly SeededUser[];
}

/** Builds the shared data: two tokens minted once, the list of users that may log in. */
export async function loadData(admin: SeededUser, users: readonly SeededUser[]): Promise<LoadData> {
  const hitUser = users[41] ?? admin;
  return {
    admin,
    adminToken: await mintToken(admin),
    hitUser,
    hitToken: await mintToken(hitUser),
    users,
    activeUsers: users.filter((u) => u.status === 'active'),
  };
}

/** Counters that keep on across runs, so no id repeats soon and no username repeats ever. */
const cursors = { miss: 0, register: 0, token: 0 };

/** Fresh each time: autocannon writes `Content-Length` into the headers object it is given. */
const json = () => ({ 'content-type': 'application/json' });

/** The autocannon request templates of one endpoint (a `setupRequest` when each one differs). */
export function requestsFor(endpoint: EndpointName, data: LoadData): AutocannonRequest[] {
  switch (endpoint) {
    case 'hello':
      return [{ method: 'GET', path: '/' }];
    case 'get-hit':
      return [
        {
          method: 'GET',
          path: `/api/v1/users/${data.hitUser.id}`,
          headers: { authorization: `Bearer ${data.hitToken}` },
        },
      ];
    case 'get-miss': {
      const authorization = `Bearer ${data.adminToken}`;
      return [
        {
          method: 'GET',
          headers: { authorization },
          setupRequest: (request) => {
            const user = data.users[cursors.miss++ % data.users.length] ?? data.admin;
            return { ...request, path: `/api/v1/users/${user.id}`, headers: { authorization } };
          },
        },
      ];
    }
    case 'search':
      return [
        {
          method: 'GET',
          path: SEARCH_PATH,
          headers: { authorization: `Bearer ${data.adminToken}` },
        },
      ];
    case 'register':
      return [
        {
          method: 'POST',
          path: '/api/v1/users',
          headers: json(),
          setupRequest: (request) => {
            const name = `reg_${process.pid}_${cursors.register++}`;
            const body = {
              username: name,
              email: `${name}@bench.example`,
              password: SEED_PASSWORD,
            };
            return { ...request, headers: json(), body: JSON.stringify(body) };
          },
        },
      ];
    case 'token':
      return [
        {
          method: 'POST',
          path: '/api/v1/auth/token',
          headers: json(),
          setupRequest: (request) => {
            const users = data.activeUsers;
            const user = users[(cursors.token++ * 7919) % users.length] ?? data.admin;
            const body = { login: user.username, password: SEED_PASSWORD };
            return { ...request, headers: json(), body: JSON.stringify(body) };
          },
        },
      ];
  }
}

/** One request of the endpoint, for the smoke check before a peer is loaded. */
export function sampleRequest(
  endpoint: EndpointName,
  data: LoadData,
): { path: string; init: RequestInit } {
  const [template] = requestsFor(endpoint, data);
  if (!template) throw new Error(`no request for ${endpoint}`);
  const request = template.setupRequest ? template.setupRequest(template, {}) : template;
  const init: RequestInit = { method: request.method ?? 'GET' };
  if (request.headers) init.headers = { ...request.headers };
  if (request.body !== undefined) init.body = request.body;
  return { path: request.path ?? '/', init };
}
