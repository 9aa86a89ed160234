/**
 * The least our GET by id can be on its kept libraries: issue 12's throwaway peer, kept as a
 * measured floor. Hono on @hono/node-server with `hono/request-id` and `hono/secure-headers`,
 * HS256 verified as the API verifies it (its node:crypto `AccessTokens`), the principal read
 * (the user's status and role, the session live) by the `libsql` package's statement
 * prepared once, the user from an in-process Map, `Cache-Control: no-store`, and a JSON log
 * line per request written once per turn of the event loop. No layers, no validation
 * library, no problem documents, no routes but two: what is left is the stack's own cost.
 * Serves `GET /api/v1/users/:id` and `GET /health` on 127.0.0.1:`PORT` over the seeded
 * `DATABASE_URL` with `JWT_SECRET` and `TOKEN_ISSUER`; SIGTERM closes it.
 */
import { Hono } from 'hono';
import { requestId } from 'hono/request-id';
import { secureHeaders } from 'hono/secure-headers';
import Database from 'libsql';
import type { AccessClaims } from '../../../src/kit/auth/access-tokens.port.ts';
import { createNodeJwtAccessTokens } from '../../../src/kit/auth/node-jwt.ts';
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

let lines = '';
const flush = () => {
  process.stdout.write(lines);
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
  });

servePeer(app.fetch, () => {
  db.close();
});
