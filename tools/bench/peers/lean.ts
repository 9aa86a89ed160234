/**
 * The least our API can be on its kept libraries: issue 12's throwaway peer, kept as a
 * measured floor. Hono on @hono/node-server with `hono/request-id` and `hono/secure-headers`,
 * a JSON log line per request written once per turn of the event loop (to stdout's
 * descriptor, as ours writes it: `createFdWriter`), the `libsql` package's statements
 * prepared once, and the API's own hasher and token issuer. No layers,
 * no validation library, no problem documents, four routes:
 * - `GET /api/v1/users/:id`: HS256 verified as the API verifies it (its node:crypto
 *   `AccessTokens`), the principal read (the user's status and role, the session live), the
 *   user from an in-process Map, `Cache-Control: no-store`.
 * - `POST /api/v1/users`: the password hashed (the API's PBKDF2 hasher), then one
 *   transaction writes what a registration must keep: the user, its email-verification
 *   token's hash and its welcome email in the outbox. The email is never sent (ours sends it
 *   after the commit and marks it sent: two more writes per batch of emails).
 * - `POST /api/v1/auth/token`: the credentials read, the (account, address) attempt counted
 *   in its own write before the hash is checked (as ours counts it), then one transaction
 *   writes the session and its refresh token's hash, clears the count and stamps the
 *   log-in; the access token is issued by the API's issuer.
 * - `GET /health`.
 * With `LEAN_WRITES=off` register and token leave out their writes (the user's, the attempt's,
 * the session's): HTTP, the credentials read and the hash alone, the ceiling of those two
 * endpoints on this host with no durable write (the bench's `no-writes` peer).
 * Serves on 127.0.0.1:`PORT` over the seeded `DATABASE_URL` with `JWT_SECRET` and
 * `TOKEN_ISSUER`; SIGTERM closes it.
 */
import { Hono } from 'hono';
import { requestId } from 'hono/request-id';
import { secureHeaders } from 'hono/secure-headers';
import Database from 'libsql';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { AccessClaims } from '../../../src/kit/auth/access-tokens.port.ts';
import { createNodeJwtAccessTokens } from '../../../src/kit/auth/node-jwt.ts';
import { createPbkdf2Hasher } from '../../../src/kit/crypto/password.ts';
import { createFdWriter } from '../../../src/kit/log/fd-writer.ts';
import { servePeer } from './serve-peer.ts';

const db = new Database((process.env.DATABASE_URL ?? '').replace(/^file:/, ''));
/** The API's issuer and audience (`TOKEN_ISSUER`), passed in: its module composes the app. */
const ISSUER = process.env.TOKEN_ISSUER ?? '';
const tokens = createNodeJwtAccessTokens({
  secret: process.env.JWT_SECRET ?? '',
  issuer: ISSUER,
  audience: ISSUER,
  ttlSeconds: 900,
});
const principal = db
  .prepare(
    'select u.id, u.role, u.status from users u join sessions s on s.id = ? and s.user_id = u.id ' +
      'and s.ended_at is null and s.expires_at > ? where u.id = ? and u.deleted_at is null',
  )
  .raw(true);
const userById = db
  .prepare(
    'select id, username, email, role, status, email_verified, mfa_enabled, created_at, ' +
      'updated_at, last_login_at from users where id = ? and deleted_at is null',
  )
  .raw(true);

// The seeded hashes are made without a pepper: so is the API under the bench.
const passwords = createPbkdf2Hasher();
const DAY_MS = 24 * 60 * 60 * 1000;
/** The bench sends no forwarding headers: every attempt counts under one address. */
const ADDRESS = 'unknown';
const MAX_ATTEMPTS = 5;
/** `LEAN_WRITES=off`: register and token write nothing (the ceiling above the writes). */
const WRITES = process.env.LEAN_WRITES !== 'off';
/** A random token and the hash the database keeps of it. */
function oneTimeToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: createHash('sha256').update(token).digest('base64url') };
}

const insertUser = db.prepare(
  'insert into users (id, username, email, password_hash, created_at, updated_at) ' +
    'values (?, ?, ?, ?, ?, ?)',
);
const insertVerification = db.prepare(
  'insert into one_time_tokens (id, user_id, purpose, token_hash, expires_at, created_at) ' +
    "values (?, ?, 'email-verification', ?, ?, ?)",
);
const insertEmail = db.prepare(
  'insert into email_outbox (id, to_address, subject, body_text, created_at, next_attempt_at) ' +
    'values (?, ?, ?, ?, ?, ?)',
);
/** The user, its verification token and its welcome email: one transaction. */
const register = db.transaction(
  (user: { id: string; username: string; email: string; hash: string }, now: number) => {
    insertUser.run([user.id, user.username, user.email, user.hash, now, now]);
    const verification = oneTimeToken();
    insertVerification.run([randomUUID(), user.id, verification.hash, now + DAY_MS, now]);
    const link = `http://127.0.0.1/verify-email?token=${verification.token}`;
    insertEmail.run([
      randomUUID(),
      user.email,
      'Welcome: verify your email',
      `Hello ${user.username}, confirm your email address: ${link}`,
      now,
      now,
    ]);
  },
);

const credentials = db
  .prepare(
    'select id, role, status, password_hash from users ' +
      'where lower(username) = ? and deleted_at is null',
  )
  .raw(true);
const countAttempt = db
  .prepare(
    'insert into login_attempts (subject, address, attempts, attempted_at) values (?, ?, 1, ?) ' +
      'on conflict (subject, address) do update set attempts = attempts + 1, ' +
      'attempted_at = excluded.attempted_at returning attempts',
  )
  .raw(true);
const insertSession = db.prepare(
  'insert into sessions (id, user_id, created_at, last_used_at, expires_at) values (?, ?, ?, ?, ?)',
);
const insertRefreshToken = db.prepare(
  'insert into refresh_tokens (id, user_id, family_id, token_hash, expires_at, created_at) ' +
    'values (?, ?, ?, ?, ?, ?)',
);
const clearAttempts = db.prepare('delete from login_attempts where subject = ? and address = ?');
const stampLogin = db.prepare('update users set last_login_at = ? where id = ?');
/** The session, its refresh token, the cleared count and the log-in's time: one transaction. */
const startSession = db.transaction(
  (userId: string, sessionId: string, refreshHash: string, now: number) => {
    const expires = now + 30 * DAY_MS;
    insertSession.run([sessionId, userId, now, now, expires]);
    insertRefreshToken.run([randomUUID(), userId, sessionId, refreshHash, expires, now]);
    clearAttempts.run([userId, ADDRESS]);
    stampLogin.run([now, userId]);
  },
);

/** The token's claims when it is ours, whole and unexpired: the API's own verifier. */
async function verified(authorization: string | undefined): Promise<AccessClaims | undefined> {
  if (!authorization?.startsWith('Bearer ')) return undefined;
  return tokens.verify(authorization.slice(7)).catch(() => undefined);
}

const iso = (ms: unknown) => (typeof ms === 'number' ? new Date(ms).toISOString() : null);
const users = new Map<string, Record<string, unknown>>();
function user(id: string): Record<string, unknown> | undefined {
  const cached = users.get(id);
  if (cached) return cached;
  const row = userById.get([id]) as unknown[] | undefined;
  if (!row) return undefined;
  const shown = {
    id: row[0],
    username: row[1],
    email: row[2],
    role: row[3],
    status: row[4],
    emailVerified: row[5] === 1,
    mfaEnabled: row[6] === 1,
    createdAt: iso(row[7]),
    updatedAt: iso(row[8]),
    lastLoginAt: iso(row[9]),
  };
  users.set(id, shown);
  return shown;
}

const out = createFdWriter();
let lines = '';
const flush = () => {
  out(lines);
  lines = '';
};

const app = new Hono()
  .use(
    requestId(),
    async function requestLog(c, next) {
      const started = performance.now();
      await next();
      if (lines === '') setImmediate(flush);
      lines += `${JSON.stringify({
        time: new Date().toISOString(),
        level: 'info',
        msg: 'request',
        method: c.req.method,
        path: c.req.path,
        status: c.res.status,
        ms: Math.round((performance.now() - started) * 100) / 100,
        requestId: c.get('requestId'),
      })}\n`;
    },
    secureHeaders(),
  )
  .get('/health', (c) => c.json({ status: 'ok' }))
  .get('/api/v1/users/:id', async (c) => {
    c.header('Cache-Control', 'no-store');
    const claims = await verified(c.req.header('authorization'));
    const who = claims && (principal.get([claims.sid, Date.now(), claims.sub]) as unknown[]);
    if (!who || who[2] !== 'active') return c.json({ code: 'INVALID_TOKEN' }, 401);
    const id = c.req.param('id');
    if (id !== who[0] && who[1] !== 'admin') return c.json({ code: 'PERMISSION_DENIED' }, 403);
    const found = user(id);
    return found ? c.json(found) : c.json({ code: 'USER_NOT_FOUND' }, 404);
  })
  .post('/api/v1/users', async (c) => {
    c.header('Cache-Control', 'no-store');
    const body = await c.req.json<{ username: string; email: string; password: string }>();
    const hash = await passwords.hash(body.password);
    const now = Date.now();
    const created = { id: randomUUID(), username: body.username, email: body.email.toLowerCase() };
    try {
      if (WRITES) register({ ...created, hash }, now);
    } catch {
      return c.json({ code: 'USER_ALREADY_EXISTS' }, 409);
    }
    const at = new Date(now).toISOString();
    return c.json(
      {
        ...created,
        role: 'user',
        status: 'active',
        emailVerified: false,
        mfaEnabled: false,
        createdAt: at,
        updatedAt: at,
        lastLoginAt: null,
      },
      201,
    );
  })
  .post('/api/v1/auth/token', async (c) => {
    c.header('Cache-Control', 'no-store');
    const body = await c.req.json<{ login: string; password: string }>();
    const account = credentials.get([body.login.trim().toLowerCase()]) as unknown[] | undefined;
    if (!account) return c.json({ code: 'INVALID_CREDENTIALS' }, 401);
    const [id, role, status, stored] = account as [string, string, string, string];
    const now = Date.now();
    const [attempts] = WRITES ? (countAttempt.get([id, ADDRESS, now]) as [number]) : [1];
    if (attempts > MAX_ATTEMPTS) return c.json({ code: 'ACCOUNT_LOCKED' }, 423);
    if (!(await passwords.verify(body.password, stored)) || status !== 'active') {
      return c.json({ code: 'INVALID_CREDENTIALS' }, 401);
    }
    const sessionId = randomUUID();
    const refresh = oneTimeToken();
    if (WRITES) startSession(id, sessionId, refresh.hash, Date.now());
    const access = await tokens.issue({ sub: id, role, sid: sessionId, jti: randomUUID() });
    return c.json({
      accessToken: access.token,
      refreshToken: refresh.token,
      tokenType: 'Bearer',
      expiresIn: access.expiresIn,
    });
  });

servePeer(app.fetch, () => {
  db.close();
});
