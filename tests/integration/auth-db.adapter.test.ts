import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/client.ts';
import { sha256 } from '../../src/kit/crypto/encoding.ts';
import { LOCKOUT_MS, MAX_FAILED_LOGINS } from '../../src/models/entities/user.ts';
import { createAuthDbAdapter } from '../../src/repositories/auth/adapters/auth-db.adapter.ts';
import { createUserDbAdapter } from '../../src/repositories/user/adapters/user-db.adapter.ts';
import { TestDatabaseFactory } from '../support/test-database.ts';

const factory = new TestDatabaseFactory();
const handles: DatabaseHandle[] = [];
afterAll(() => {
  for (const handle of handles) handle.client.close();
  factory.dispose();
});

const now = new Date('2026-05-01T10:00:00.000Z');
const userId = '00000000-0000-4000-8000-000000000001';
let auth: ReturnType<typeof createAuthDbAdapter>;
let users: ReturnType<typeof createUserDbAdapter>;

beforeEach(async () => {
  const handle = await factory.create();
  handles.push(handle);
  auth = createAuthDbAdapter(handle.db);
  users = createUserDbAdapter(handle.db);
  await users.insert({
    id: userId,
    username: 'Ada',
    email: 'ada@example.com',
    passwordHash: 'hash',
    role: 'user',
    now,
  });
});

const claim = (at = now) =>
  auth.claimLoginAttempt({
    subject: userId,
    address: '192.0.2.1',
    now: at,
    lockUntil: new Date(at.getTime() + LOCKOUT_MS),
    maxAttempts: MAX_FAILED_LOGINS,
  });

const token = async (id: string, familyId = 'family-1') => ({
  id,
  userId,
  familyId,
  tokenHash: await sha256(`secret-${id}`),
  expiresAt: new Date(now.getTime() + 3_600_000),
});

describe('the auth adapter on libSQL', () => {
  it('finds credentials by username in any case or by email, never for a deleted user', async () => {
    expect(await auth.findCredentials({ username: 'ADA' })).toMatchObject({
      id: userId,
      passwordHash: 'hash',
    });
    expect(await auth.findCredentials({ email: 'ada@example.com' })).toMatchObject({ id: userId });
    await users.softDelete({ id: userId, now });
    expect(await auth.findCredentials({ username: 'ada' })).toBeUndefined();
  });

  it('gives 20 parallel attempts 20 distinct numbers and locks at the fifth', async () => {
    const attempts = await Promise.all(Array.from({ length: 20 }, () => claim()));
    expect(attempts.map((a) => a?.attempt).sort((a, b) => (a ?? 0) - (b ?? 0))).toEqual(
      Array.from({ length: 20 }, (_, i) => i + 1),
    );
    const fifth = attempts.find((a) => a?.attempt === 5);
    expect(fifth?.lockedUntil).toEqual(new Date(now.getTime() + LOCKOUT_MS));
    expect(attempts.filter((a) => (a?.attempt ?? 0) <= MAX_FAILED_LOGINS)).toHaveLength(5);
  });

  it('restarts the count once the lock ran out, and clears it on a completed log-in', async () => {
    for (let i = 0; i < 5; i++) await claim();
    expect(await claim(new Date(now.getTime() + LOCKOUT_MS))).toEqual({
      attempt: 1,
      lockedUntil: null,
    });
    await auth.completeLogin({
      userId,
      address: '192.0.2.1',
      now,
      session: { id: 'f-t1', userAgent: null },
      refreshToken: await token('t1'),
    });
    expect(await claim()).toEqual({ attempt: 1, lockedUntil: null });
    expect((await users.findById(userId))?.lastLoginAt).toEqual(now);
  });

  it('rotates a refresh token once: a second rotation of the same token fails', async () => {
    await auth.completeLogin({
      userId,
      address: '192.0.2.1',
      now,
      session: { id: 'f-t1', userAgent: null },
      refreshToken: await token('t1'),
    });
    const results = await Promise.all([
      auth.rotateRefreshToken({ retiredId: 't1', next: await token('t2'), now }),
      auth.rotateRefreshToken({ retiredId: 't1', next: await token('t3'), now }),
    ]);
    expect(results.sort()).toEqual([false, true]);
    expect((await auth.findRefreshToken(await sha256('secret-t1')))?.usedAt).toEqual(now);
  });

  it('revokes a family, and deleting a user revokes all their tokens', async () => {
    await auth.completeLogin({
      userId,
      address: '192.0.2.1',
      now,
      session: { id: 'f1', userAgent: null },
      refreshToken: await token('t1', 'f1'),
    });
    await auth.completeLogin({
      userId,
      address: '192.0.2.1',
      now,
      session: { id: 'f2', userAgent: null },
      refreshToken: await token('t2', 'f2'),
    });
    await auth.revokeFamily({ familyId: 'f1', now });
    expect((await auth.findRefreshToken(await sha256('secret-t1')))?.revokedAt).toEqual(now);
    expect((await auth.findRefreshToken(await sha256('secret-t2')))?.revokedAt).toBeNull();
    await users.softDelete({ id: userId, now });
    expect((await auth.findRefreshToken(await sha256('secret-t2')))?.revokedAt).toEqual(now);
  });
});
