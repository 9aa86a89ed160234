import { beforeEach, describe, expect, it } from 'vitest';
import { sha256 } from '../../src/kit/crypto/encoding.ts';
import type {
  SecondFactorSpend,
  StoreRefreshTokenCommand,
} from '../../src/models/dtos/auth/repository/auth.repository.dtos.ts';
import {
  at,
  nextId,
  portSubjects,
  seedUser,
  T0,
  type PortSubject,
} from '../contracts/port-subjects.ts';

/*
 * The contract of the authentication repository port, run against the in-memory fake and
 * against the Drizzle adapter on a real libSQL file. The repository decides nothing: it
 * applies the limit and the lock the logic passes, in one atomic step.
 */

const ADDRESS = '192.0.2.1';

describe.each(portSubjects())('the auth repository port: %s', (_name, make) => {
  let subject: PortSubject;
  let userId: string;
  beforeEach(async () => {
    subject = await make();
    userId = await seedUser(subject);
  });

  /** One attempt under an arbitrary rule: three tries, a lock of 42 s from `now`. */
  const claim = (
    now: Date,
    lockUntil = new Date(now.getTime() + 42_000),
    maxAttempts = 3,
    address = ADDRESS,
  ) => subject.auth.claimLoginAttempt({ subject: userId, address, now, lockUntil, maxAttempts });

  const token = async (
    id: string,
    familyId: string,
    expiresAt = at(3_600_000),
  ): Promise<StoreRefreshTokenCommand> => ({
    id,
    userId,
    familyId,
    tokenHash: await sha256(`secret-${id}`),
    expiresAt,
  });
  const find = async (id: string) => subject.auth.findRefreshToken(await sha256(`secret-${id}`));

  describe('who a user is', () => {
    const principal = (sessionId = 's1', now = at(1)) =>
      subject.auth.findPrincipal({ userId, sessionId, now });
    const logIn = async (sessionId: string, now = T0) =>
      subject.auth.completeLogin({
        userId,
        address: ADDRESS,
        now,
        session: { id: sessionId, userAgent: 'test-agent/1' },
        refreshToken: await token(`t-${sessionId}`, sessionId),
      });

    it('finds the principal as the database says now, while the session lives', async () => {
      expect(await principal()).toBeUndefined();
      await logIn('s1');
      expect(await principal()).toEqual({ id: userId, role: 'user', status: 'active' });
      expect(await principal('another session')).toBeUndefined();
      expect(await principal('s1', at(3_600_000))).toBeUndefined();
    });

    it('ends the sessions of a suspended user, and finds nothing once deleted', async () => {
      await logIn('s1');
      await subject.users.changeStatus({ id: userId, status: 'suspended', now: at(1) });
      expect(await principal('s1', at(2))).toBeUndefined();
      expect(await find('t-s1')).toMatchObject({ revokedAt: at(1) });
      await subject.users.changeStatus({ id: userId, status: 'active', now: at(3) });
      expect(await principal('s1', at(4))).toBeUndefined();
      await logIn('s2', at(5));
      await subject.users.delete({ id: userId, now: at(6) });
      expect(await principal('s2', at(7))).toBeUndefined();
    });

    it('lists live sessions newest first, ends one, then all', async () => {
      await logIn('s1', at(1));
      await logIn('s2', at(2));
      await logIn('s3', at(3));
      const list = async () =>
        (await subject.auth.listSessions({ userId, now: at(4) })).map((s) => s.id);
      expect(await list()).toEqual(['s3', 's2', 's1']);
      expect(await subject.auth.listSessions({ userId, now: at(4) })).toContainEqual({
        id: 's1',
        createdAt: at(1),
        lastUsedAt: at(1),
        expiresAt: at(3_600_000),
        userAgent: 'test-agent/1',
      });
      expect(await subject.auth.endSession({ userId, sessionId: 's2', now: at(5) })).toBe(true);
      expect(await subject.auth.endSession({ userId, sessionId: 's2', now: at(6) })).toBe(false);
      expect(await find('t-s2')).toMatchObject({ revokedAt: at(5) });
      expect(await list()).toEqual(['s3', 's1']);
      expect(await principal('s2', at(7))).toBeUndefined();
      expect(await principal('s3', at(7))).toBeDefined();
      await subject.auth.endAllSessions({ userId, now: at(8) });
      expect(await list()).toEqual([]);
      expect(await find('t-s3')).toMatchObject({ revokedAt: at(8) });
    });

    it('marks a session used at each rotation, and ends it with its family', async () => {
      await logIn('s1');
      await subject.auth.rotateRefreshToken({
        retiredId: 't-s1',
        next: await token('t2', 's1', at(7_200_000)),
        now: at(60),
      });
      expect(await subject.auth.listSessions({ userId, now: at(61) })).toMatchObject([
        { id: 's1', lastUsedAt: at(60), expiresAt: at(7_200_000) },
      ]);
      await subject.auth.revokeFamily({ familyId: 's1', now: at(62) });
      expect(await principal('s1', at(63))).toBeUndefined();
    });

    it('changes a password: the new hash, the count cleared, earlier sessions ended, one new', async () => {
      await logIn('s1');
      await claim(at(1));
      await subject.auth.changePassword({
        userId,
        passwordHash: 'the-new-hash',
        address: ADDRESS,
        now: at(2),
        session: { id: 's2', userAgent: null },
        refreshToken: await token('t2', 's2'),
      });
      expect(await principal('s1', at(3))).toBeUndefined();
      expect(await principal('s2', at(3))).toBeDefined();
      expect(await subject.auth.findCredentials({ id: userId })).toMatchObject({
        passwordHash: 'the-new-hash',
      });
      expect(await claim(at(4))).toEqual({ attempt: 1, lockedUntil: null });
    });

    it("changes a password: clears the account-wide lock and this address's count, not another's", async () => {
      await claim(at(1));
      await claim(at(1), undefined, 3, '198.51.100.7');
      await subject.auth.recordLoginFailure({
        userId,
        now: at(1),
        windowStartedAfter: at(-900_000),
        maxFailures: 1,
        lockUntil: at(900_000),
      });
      expect(await subject.auth.findCredentials({ id: userId })).toMatchObject({
        lockedUntil: at(900_000),
      });
      await subject.auth.changePassword({
        userId,
        passwordHash: 'the-new-hash',
        address: ADDRESS,
        now: at(2),
        session: { id: 's2', userAgent: null },
        refreshToken: await token('t2', 's2'),
      });
      expect(await subject.auth.findCredentials({ id: userId })).toMatchObject({
        lockedUntil: null,
      });
      expect(await claim(at(3))).toEqual({ attempt: 1, lockedUntil: null });
      expect(await claim(at(3), undefined, 3, '198.51.100.7')).toEqual({
        attempt: 2,
        lockedUntil: null,
      });
    });

    it('counts an unknown login’s failures in a window, from any address, and keeps its lock', async () => {
      const fail = (now: Date) =>
        subject.auth.recordUnknownLoginFailure({
          subject: 'login:nobody',
          now,
          windowStartedAfter: new Date(now.getTime() - 900_000),
          maxFailures: 3,
          lockUntil: new Date(now.getTime() + 900_000),
        });
      expect(await subject.auth.findUnknownLoginLock('login:nobody')).toBeNull();
      expect(await fail(at(1))).toBeNull();
      expect(await fail(at(2))).toBeNull();
      // The window that started at 1 is over: the count starts again.
      expect(await fail(at(1_000_000))).toBeNull();
      expect(await fail(at(1_000_001))).toBeNull();
      expect(await fail(at(1_000_002))).toEqual(at(1_900_002));
      expect(await fail(at(1_000_003))).toEqual(at(1_900_002));
      expect(await subject.auth.findUnknownLoginLock('login:nobody')).toEqual(at(1_900_002));
      // The pair's own count is apart from it.
      expect(
        await subject.auth.claimLoginAttempt({
          subject: 'login:nobody',
          address: ADDRESS,
          now: at(1_000_004),
          lockUntil: at(2_000_000),
          maxAttempts: 3,
        }),
      ).toEqual({ attempt: 1, lockedUntil: null });
    });

    it('does not end a session past its expiry: it is not found', async () => {
      await logIn('s1', at(1));
      expect(await subject.auth.endSession({ userId, sessionId: 's1', now: at(3_600_000) })).toBe(
        false,
      );
      expect(await subject.auth.endSession({ userId, sessionId: 's1', now: at(3_599_999) })).toBe(
        true,
      );
    });

    it('finds credentials by username in any case or by email, never a deleted user’s', async () => {
      const expected = {
        id: userId,
        username: 'Ada',
        email: 'ada@example.com',
        role: 'user',
        status: 'active',
        passwordHash: 'the-hash',
        lockedUntil: null,
        mfaEnabled: false,
      };
      expect(await subject.auth.findCredentials({ username: 'aDA' })).toEqual(expected);
      expect(await subject.auth.findCredentials({ email: 'ada@example.com' })).toEqual(expected);
      expect(await subject.auth.findCredentials({ username: 'bob' })).toBeUndefined();
      await subject.users.delete({ id: userId, now: at(1) });
      expect(await subject.auth.findCredentials({ username: 'ada' })).toBeUndefined();
    });
  });

  describe('the lockout arithmetic', () => {
    it('counts attempts and sets exactly the lock it is given when the limit it is given is reached', async () => {
      expect(await claim(T0)).toEqual({ attempt: 1, lockedUntil: null });
      expect(await claim(at(1))).toEqual({ attempt: 2, lockedUntil: null });
      expect(await claim(at(2), at(7_777))).toEqual({ attempt: 3, lockedUntil: at(7_777) });
    });

    it('keeps counting under the lock without moving it', async () => {
      for (let i = 0; i < 3; i++) await claim(at(i));
      expect(await claim(at(100), at(999_999))).toEqual({ attempt: 4, lockedUntil: at(42_002) });
      expect(await claim(at(42_001))).toEqual({ attempt: 5, lockedUntil: at(42_002) });
    });

    it('restarts the count at the instant the lock runs out', async () => {
      for (let i = 0; i < 3; i++) await claim(at(i));
      expect(await claim(at(42_002))).toEqual({ attempt: 1, lockedUntil: null });
    });

    it('locks again when the restarted count reaches the limit', async () => {
      for (let i = 0; i < 3; i++) await claim(at(i));
      for (let i = 0; i < 2; i++) await claim(at(50_000 + i));
      expect(await claim(at(50_002), at(60_000))).toEqual({ attempt: 3, lockedUntil: at(60_000) });
    });

    it('gives parallel attempts distinct numbers', async () => {
      const attempts = await Promise.all(Array.from({ length: 8 }, () => claim(T0, at(1000), 5)));
      expect(attempts.map((a) => a?.attempt).sort((a, b) => (a ?? 0) - (b ?? 0))).toEqual([
        1, 2, 3, 4, 5, 6, 7, 8,
      ]);
    });

    it('counts each address apart, and any subject, known or not', async () => {
      for (let i = 0; i < 3; i++) await claim(at(i));
      expect(await claim(at(10), undefined, 3, '198.51.100.1')).toEqual({
        attempt: 1,
        lockedUntil: null,
      });
      expect(
        await subject.auth.claimLoginAttempt({
          subject: 'login:someone-unknown',
          address: ADDRESS,
          now: T0,
          lockUntil: at(1),
          maxAttempts: 1,
        }),
      ).toEqual({ attempt: 1, lockedUntil: at(1) });
    });

    it('prunes counts last attempted before the cut-off, never one whose lock holds', async () => {
      await claim(at(0), undefined, 3, '198.51.100.1'); // stale, never locked
      for (let i = 0; i < 3; i++) await claim(at(i), at(90_000), 3, '198.51.100.2'); // stale, locked
      await claim(at(0), at(1_000), 1, '198.51.100.3'); // stale, its lock ran out
      await claim(at(50_000), undefined, 3, '198.51.100.4'); // recent
      const pruned = await subject.auth.pruneLoginAttempts({ before: at(40_000), now: at(60_000) });
      expect(pruned).toBe(2);
      // A pruned count starts over; the kept ones go on.
      const next = (address: string) => claim(at(60_001), undefined, 3, address);
      expect(await next('198.51.100.1')).toEqual({ attempt: 1, lockedUntil: null });
      expect(await next('198.51.100.2')).toEqual({ attempt: 4, lockedUntil: at(90_000) });
      expect(await next('198.51.100.3')).toEqual({ attempt: 1, lockedUntil: null });
      expect(await next('198.51.100.4')).toEqual({ attempt: 2, lockedUntil: null });
    });

    it('keeps a count that a later attempt touched, however old its first one', async () => {
      await claim(at(0));
      await claim(at(50_000));
      expect(await subject.auth.pruneLoginAttempts({ before: at(40_000), now: at(60_000) })).toBe(
        0,
      );
      expect(await claim(at(60_001))).toEqual({ attempt: 3, lockedUntil: at(102_001) });
    });

    it('counts account failures in a window from any address, locking at the limit it is given', async () => {
      const fail = (now: Date) =>
        subject.auth.recordLoginFailure({
          userId,
          now,
          windowStartedAfter: new Date(now.getTime() - 10_000),
          maxFailures: 3,
          lockUntil: new Date(now.getTime() + 60_000),
        });
      expect(await fail(at(0))).toBeNull();
      expect(await fail(at(1))).toBeNull();
      expect(await fail(at(2))).toEqual(at(60_002));
      expect(await subject.auth.findCredentials({ username: 'ada' })).toMatchObject({
        lockedUntil: at(60_002),
      });
      // Under the lock it stays put; a window that ran out starts again at 1.
      expect(await fail(at(3))).toEqual(at(60_002));
      expect(await fail(at(70_000))).toEqual(at(60_002));
      expect(await fail(at(70_001))).toEqual(at(60_002));
      expect(await fail(at(70_002))).toEqual(at(130_002));
    });

    it('starts over after a reset, and after a completed log-in', async () => {
      for (let i = 0; i < 3; i++) await claim(at(i));
      await subject.auth.resetLoginAttempts({ subject: userId, address: ADDRESS });
      expect(await claim(at(10))).toEqual({ attempt: 1, lockedUntil: null });
      await subject.auth.completeLogin({
        userId,
        address: ADDRESS,
        now: at(20),
        session: { id: 'f0', userAgent: null },
        refreshToken: await token('t0', 'f0'),
      });
      expect(await claim(at(30))).toEqual({ attempt: 1, lockedUntil: null });
    });
  });

  it('upgrades a password hash only while it is still the one expected', async () => {
    await subject.auth.upgradePasswordHash({ userId, expected: 'another', passwordHash: 'new-1' });
    expect(await subject.auth.findCredentials({ username: 'ada' })).toMatchObject({
      passwordHash: 'the-hash',
    });
    await subject.auth.upgradePasswordHash({ userId, expected: 'the-hash', passwordHash: 'new-2' });
    expect(await subject.auth.findCredentials({ username: 'ada' })).toMatchObject({
      passwordHash: 'new-2',
    });
  });

  describe('a log-in that spends a second-factor code, in its own batch', () => {
    beforeEach(async () => {
      await subject.mfa.savePendingTotp({ userId, sealedSecret: 's1', now: T0 });
      const recoveryCodes = ['h1', 'h2'].map((codeHash) => ({ id: nextId(), codeHash }));
      await subject.mfa.confirmTotp({ userId, step: 10, recoveryCodes, now: T0 });
    });
    let logIns = 0;
    /** A log-in at `at(n)` spending `secondFactor`: whether it started its session, and the session's id. */
    const logInWith = async (secondFactor: SecondFactorSpend) => {
      const id = `m${++logIns}`;
      const started = await subject.auth.completeLogin({
        userId,
        address: ADDRESS,
        now: at(logIns),
        session: { id, userAgent: null },
        refreshToken: await token(`t-${id}`, id),
        secondFactor,
      });
      return { started, id };
    };
    /** Whether a log-in's session and its refresh token were written. */
    const written = async (id: string) => ({
      session:
        (await subject.auth.findPrincipal({ userId, sessionId: id, now: at(100) })) !== undefined,
      token: (await find(`t-${id}`)) !== undefined,
    });

    it('spends each later TOTP step once, never an earlier or the same one', async () => {
      expect((await logInWith({ kind: 'totp', step: 10 })).started).toBe(false);
      const first = await logInWith({ kind: 'totp', step: 11 });
      expect(first.started).toBe(true);
      expect(await written(first.id)).toEqual({ session: true, token: true });
      expect(await subject.mfa.findTotp(userId)).toMatchObject({ lastStep: 11 });
      expect((await logInWith({ kind: 'totp', step: 11 })).started).toBe(false);
      expect((await logInWith({ kind: 'totp', step: 9 })).started).toBe(false);
      const racing = await Promise.all(
        [12, 12, 12].map((step) => logInWith({ kind: 'totp', step })),
      );
      expect(racing.filter((r) => r.started)).toHaveLength(1);
    });

    it('spends a recovery code once', async () => {
      expect((await logInWith({ kind: 'recovery', codeHash: 'h3' })).started).toBe(false);
      expect((await logInWith({ kind: 'recovery', codeHash: 'h2' })).started).toBe(true);
      expect(await subject.mfa.hasUnusedRecoveryCode({ userId, codeHash: 'h2' })).toBe(false);
      expect(await subject.mfa.hasUnusedRecoveryCode({ userId, codeHash: 'h1' })).toBe(true);
      expect((await logInWith({ kind: 'recovery', codeHash: 'h2' })).started).toBe(false);
    });

    it('writes nothing of a log-in whose code was spent: no session, no token, the count kept', async () => {
      await logInWith({ kind: 'recovery', codeHash: 'h1' });
      const lastLoginAt = (await subject.users.findById({ id: userId, fresh: true }))?.lastLoginAt;
      await claim(at(50));
      const refused = await logInWith({ kind: 'recovery', codeHash: 'h1' });
      expect(refused.started).toBe(false);
      expect(await written(refused.id)).toEqual({ session: false, token: false });
      expect((await subject.users.findById({ id: userId, fresh: true }))?.lastLoginAt).toEqual(
        lastLoginAt,
      );
      expect(await claim(at(51))).toEqual({ attempt: 2, lockedUntil: null });
    });
  });

  describe('log-in and refresh tokens', () => {
    it('records the log-in time where every read sees it, and stores the token by its hash', async () => {
      await subject.users.findById({ id: userId }); // cached, where there is a cache
      await subject.auth.completeLogin({
        userId,
        address: ADDRESS,
        now: at(5),
        session: { id: 'f1', userAgent: null },
        refreshToken: await token('t1', 'f1'),
      });
      expect((await subject.users.findById({ id: userId }))?.lastLoginAt).toEqual(at(5));
      expect(await find('t1')).toEqual({
        id: 't1',
        userId,
        familyId: 'f1',
        expiresAt: at(3_600_000),
        usedAt: null,
        revokedAt: null,
      });
      expect(await subject.auth.findRefreshToken(await sha256('never issued'))).toBeUndefined();
    });

    it('rotates a current token once: the next is stored, the retired one marked used', async () => {
      await subject.auth.completeLogin({
        userId,
        address: ADDRESS,
        now: T0,
        session: { id: 'f1', userAgent: null },
        refreshToken: await token('t1', 'f1'),
      });
      const rotation = { retiredId: 't1', now: at(60) };
      expect(
        await subject.auth.rotateRefreshToken({ ...rotation, next: await token('t2', 'f1') }),
      ).toBe(true);
      expect(await find('t1')).toMatchObject({ usedAt: at(60), revokedAt: null });
      expect(await find('t2')).toMatchObject({ familyId: 'f1', usedAt: null, revokedAt: null });
      expect(
        await subject.auth.rotateRefreshToken({ ...rotation, next: await token('t3', 'f1') }),
      ).toBe(false);
      expect(await find('t3')).toBeUndefined();
    });

    it('lets only one of two concurrent rotations of one token win', async () => {
      await subject.auth.completeLogin({
        userId,
        address: ADDRESS,
        now: T0,
        session: { id: 'f1', userAgent: null },
        refreshToken: await token('t1', 'f1'),
      });
      const results = await Promise.all([
        subject.auth.rotateRefreshToken({
          retiredId: 't1',
          next: await token('a', 'f1'),
          now: at(1),
        }),
        subject.auth.rotateRefreshToken({
          retiredId: 't1',
          next: await token('b', 'f1'),
          now: at(1),
        }),
      ]);
      expect(results.sort()).toEqual([false, true]);
    });

    it('revokes a whole family once, leaving other families alone; a revoked token does not rotate', async () => {
      await subject.auth.completeLogin({
        userId,
        address: ADDRESS,
        now: T0,
        session: { id: 'f1', userAgent: null },
        refreshToken: await token('t1', 'f1'),
      });
      await subject.auth.rotateRefreshToken({
        retiredId: 't1',
        next: await token('t2', 'f1'),
        now: at(1),
      });
      await subject.auth.completeLogin({
        userId,
        address: ADDRESS,
        now: T0,
        session: { id: 'f2', userAgent: null },
        refreshToken: await token('u1', 'f2'),
      });
      await subject.auth.revokeFamily({ familyId: 'f1', now: at(2) });
      await subject.auth.revokeFamily({ familyId: 'f1', now: at(3) });
      expect(await find('t1')).toMatchObject({ usedAt: at(1), revokedAt: at(2) });
      expect(await find('t2')).toMatchObject({ usedAt: null, revokedAt: at(2) });
      expect(await find('u1')).toMatchObject({ revokedAt: null });
      expect(
        await subject.auth.rotateRefreshToken({
          retiredId: 't2',
          next: await token('t3', 'f1'),
          now: at(4),
        }),
      ).toBe(false);
    });

    it('revokes every token of a user who is deleted', async () => {
      await subject.auth.completeLogin({
        userId,
        address: ADDRESS,
        now: T0,
        session: { id: 'f1', userAgent: null },
        refreshToken: await token('t1', 'f1'),
      });
      await subject.auth.completeLogin({
        userId,
        address: ADDRESS,
        now: T0,
        session: { id: 'f2', userAgent: null },
        refreshToken: await token('u1', 'f2'),
      });
      await subject.users.delete({ id: userId, now: at(9) });
      expect(await find('t1')).toMatchObject({ revokedAt: at(9) });
      expect(await find('u1')).toMatchObject({ revokedAt: at(9) });
    });
  });
});
