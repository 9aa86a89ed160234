import { beforeEach, describe, expect, it } from 'vitest';
import { sha256 } from '../../src/kit/crypto/encoding.ts';
import type { StoreOneTimeTokenCommand } from '../../src/models/dtos/email/repository/email.repository.dtos.ts';
import { at, portSubjects, seedUser, T0, type PortSubject } from '../contracts/port-subjects.ts';

/*
 * The contract of one-time tokens and the outbox, run against the in-memory fakes and the
 * Drizzle adapters on a real libSQL file: a token is stored as its hash, single use,
 * expiring, superseded by a newer one; its email lands in the outbox in the same batch;
 * the outbox leases, retries and gives up as the dispatcher says.
 */

describe.each(portSubjects())('one-time tokens and the outbox: %s', (_name, make) => {
  let subject: PortSubject;
  let userId: string;
  beforeEach(async () => {
    subject = await make();
    userId = await seedUser(subject);
  });

  const token = async (
    id: string,
    purpose: StoreOneTimeTokenCommand['purpose'] = 'password-reset',
    expiresAt = at(1_800_000),
  ): Promise<StoreOneTimeTokenCommand> => ({
    id,
    userId,
    purpose,
    tokenHash: await sha256(`secret-${id}`),
    expiresAt,
  });
  const issue = async (id: string, purpose?: StoreOneTimeTokenCommand['purpose'], now = T0) =>
    subject.auth.issueOneTimeToken({
      token: await token(id, purpose),
      email: { id: `mail-${id}`, to: 'ada@example.com', subject: 'Reset', text: `link ${id}` },
      now,
    });
  const find = async (
    id: string,
    purpose: StoreOneTimeTokenCommand['purpose'] = 'password-reset',
  ) => subject.auth.findOneTimeToken({ tokenHash: await sha256(`secret-${id}`), purpose });

  it('stores a token by its hash, with its email in the outbox', async () => {
    await issue('r1');
    expect(await find('r1')).toEqual({ id: 'r1', userId, expiresAt: at(1_800_000), usedAt: null });
    expect(await find('r1', 'email-verification')).toBeUndefined();
    expect(await subject.outbox.listUnsent()).toMatchObject([
      { id: 'mail-r1', to: 'ada@example.com', subject: 'Reset', text: 'link r1', attempts: 0 },
    ]);
  });

  it('retires unused password-reset tokens when the password changes, by the user or the operator', async () => {
    await issue('r1');
    await issue('v1', 'email-verification');
    await subject.auth.setPassword({ userId, passwordHash: 'the-new-hash', now: at(5) });
    expect(await find('r1')).toMatchObject({ usedAt: at(5) });
    await issue('r2', 'password-reset', at(6));
    await subject.auth.changePassword({
      userId,
      passwordHash: 'another-hash',
      address: '192.0.2.1',
      now: at(7),
      session: { id: 's2', userAgent: null },
      refreshToken: {
        id: 't2',
        userId,
        familyId: 's2',
        tokenHash: await sha256('secret-t2'),
        expiresAt: at(3_600_000),
      },
    });
    expect(await find('r2')).toMatchObject({ usedAt: at(7) });
    expect(await find('v1', 'email-verification')).toMatchObject({ usedAt: null });
  });

  it('retires unused password-reset tokens with an email change, and only with one', async () => {
    await issue('r1');
    const verification = await token('v2', 'email-verification');
    const mail = { id: 'mail-v2', to: 'ada@new.example.com', subject: 'Verify', text: 'link v2' };
    await subject.users.update({ id: userId, username: 'ada_renamed', now: at(4) });
    expect(await find('r1')).toMatchObject({ usedAt: null });
    await subject.users.update({
      id: userId,
      email: 'ada@new.example.com',
      now: at(5),
      emailChange: { verification, emails: [mail] },
    });
    expect(await find('r1')).toMatchObject({ usedAt: at(5) });
    expect(await find('v2', 'email-verification')).toMatchObject({ usedAt: null });
  });

  it('issues nothing once the address read is no longer the user’s, or the user is gone', async () => {
    await subject.auth.issueOneTimeToken({
      token: await token('r1'),
      email: { id: 'mail-r1', to: 'ada@old.example.com', subject: 'Reset', text: 'link r1' },
      now: T0,
    });
    expect(await find('r1')).toBeUndefined();
    await subject.users.delete({ id: userId, now: at(1) });
    await issue('r2', 'password-reset', at(2));
    expect(await find('r2')).toBeUndefined();
    expect(await subject.outbox.listUnsent()).toEqual([]);
  });

  it('retires older tokens of the same purpose only', async () => {
    await issue('v1', 'email-verification');
    await issue('r1');
    await issue('r2', 'password-reset', at(5));
    expect(await find('r1')).toMatchObject({ usedAt: at(5) });
    expect(await find('r2')).toMatchObject({ usedAt: null });
    expect(await find('v1', 'email-verification')).toMatchObject({ usedAt: null });
  });

  it('resets a password once: new hash, sessions ended, every count and lock cleared; never twice', async () => {
    await subject.auth.completeLogin({
      userId,
      address: '192.0.2.1',
      now: T0,
      session: { id: 's1', userAgent: null },
      refreshToken: {
        id: 't1',
        userId,
        familyId: 's1',
        tokenHash: 'h-t1',
        expiresAt: at(3_600_000),
      },
    });
    const claim = (address: string, now: Date) =>
      subject.auth.claimLoginAttempt({
        subject: userId,
        address,
        now,
        lockUntil: at(60),
        maxAttempts: 1,
      });
    await claim('192.0.2.1', T0);
    await claim('198.51.100.7', T0);
    await subject.auth.recordLoginFailure({
      userId,
      now: T0,
      windowStartedAfter: at(-900_000),
      maxFailures: 1,
      lockUntil: at(900_000),
    });
    await issue('r1');
    const reset = { tokenId: 'r1', userId, passwordHash: 'new-hash', now: at(10) };
    expect(await subject.auth.resetPassword(reset)).toBe(true);
    expect(await subject.auth.findCredentials({ id: userId })).toMatchObject({
      passwordHash: 'new-hash',
      lockedUntil: null,
    });
    expect(
      await subject.auth.findPrincipal({ userId, sessionId: 's1', now: at(11) }),
    ).toBeUndefined();
    expect(await claim('192.0.2.1', at(12))).toEqual({ attempt: 1, lockedUntil: at(60) });
    expect(await claim('198.51.100.7', at(12))).toEqual({ attempt: 1, lockedUntil: at(60) });
    expect(await subject.auth.resetPassword({ ...reset, passwordHash: 'again', now: at(20) })).toBe(
      false,
    );
    expect(await subject.auth.findCredentials({ id: userId })).toMatchObject({
      passwordHash: 'new-hash',
    });
  });

  it('spends nothing with an expired token', async () => {
    await issue('r1');
    const late = { tokenId: 'r1', userId, passwordHash: 'new-hash', now: at(1_800_000) };
    expect(await subject.auth.resetPassword(late)).toBe(false);
    expect(await subject.auth.findCredentials({ id: userId })).toMatchObject({
      passwordHash: 'the-hash',
    });
  });

  it('verifies an email once; an email change makes it unverified again', async () => {
    await issue('v1', 'email-verification');
    expect(await subject.auth.verifyEmail({ tokenId: 'v1', userId, now: at(1) })).toBe(true);
    expect(await subject.auth.verifyEmail({ tokenId: 'v1', userId, now: at(2) })).toBe(false);
    expect(await subject.users.findById({ id: userId, fresh: true })).toMatchObject({
      emailVerified: true,
    });
    await subject.users.update({
      id: userId,
      email: 'ada@new.example.com',
      now: at(3),
      emailChange: {
        verification: await token('v2', 'email-verification'),
        emails: [{ id: 'mail-v2', to: 'ada@new.example.com', subject: 'Verify', text: 'v2' }],
      },
    });
    expect(await subject.users.findById({ id: userId, fresh: true })).toMatchObject({
      email: 'ada@new.example.com',
      emailVerified: false,
    });
    expect((await subject.outbox.listUnsent()).map((e) => e.id)).toEqual(['mail-v1', 'mail-v2']);
  });

  it('writes the token and every email of an email change only while the user lives', async () => {
    const change = async (id: string, now: Date) =>
      subject.users.update({
        id: userId,
        email: `ada@${id}.example.com`,
        now,
        emailChange: {
          verification: await token(id, 'email-verification'),
          emails: [
            { id: `mail-${id}`, to: `ada@${id}.example.com`, subject: 'Verify', text: id },
            { id: `notice-${id}`, to: 'ada@example.com', subject: 'Changed', text: id },
          ],
        },
      });
    const unsent = async () => (await subject.outbox.listUnsent()).map((e) => e.id);
    expect(await change('v1', at(1))).toMatchObject({ email: 'ada@v1.example.com' });
    expect(await unsent()).toEqual(['mail-v1', 'notice-v1']);
    expect(await find('v1', 'email-verification')).toMatchObject({ id: 'v1' });

    // Deleted between the logic's read and the write: nothing of the change is written.
    await subject.users.delete({ id: userId, now: at(2) });
    const before = await unsent();
    expect(await change('v2', at(3))).toBeUndefined();
    expect(await unsent()).toEqual(before);
    expect(await find('v2', 'email-verification')).toBeUndefined();
  });

  it('registers a user with its verification token and every email, or, for a taken name, none of them', async () => {
    const register = async (name: string, emailCount: number, now: Date) =>
      subject.users.create({
        id: `id-${name}`,
        username: name,
        email: `${name}@example.com`,
        passwordHash: 'the-hash',
        role: 'user',
        now,
        verification: { ...(await token(`v-${name}`, 'email-verification')), userId: `id-${name}` },
        emails: Array.from({ length: emailCount }, (_, i) => ({
          id: `mail-${name}-${i}`,
          to: `${name}@example.com`,
          subject: 'Welcome',
          text: `${name} ${i}`,
        })),
      });
    const mail = async (name: string) =>
      (await subject.outbox.listUnsent()).filter((e) => e.to === `${name}@example.com`);
    // Each shape of registration (no email, one, two) twice, so the second of each runs the
    // batch the first built. (The shape without a token is `seedUser`'s, before each test.)
    for (const [name, emailCount] of [
      ['bob', 1],
      ['cy', 0],
      ['dee', 2],
      ['eve', 1],
      ['fay', 2],
      ['gus', 0],
    ] as const) {
      expect(await register(name, emailCount, at(7))).toMatchObject({
        id: `id-${name}`,
        username: name,
        createdAt: at(7),
        updatedAt: at(7),
        emailVerified: false,
      });
      expect(await find(`v-${name}`, 'email-verification')).toEqual({
        id: `v-${name}`,
        userId: `id-${name}`,
        expiresAt: at(1_800_000),
        usedAt: null,
      });
      expect(await mail(name)).toMatchObject(
        Array.from({ length: emailCount }, (_, i) => ({
          id: `mail-${name}-${i}`,
          subject: 'Welcome',
          text: `${name} ${i}`,
          createdAt: at(7),
          nextAttemptAt: at(7),
          attempts: 0,
        })),
      );
    }
    const unsent = (await subject.outbox.listUnsent()).length;
    await expect(register('BOB', 1, at(8))).rejects.toMatchObject({
      code: 'USER_ALREADY_EXISTS',
    });
    expect(await find('v-BOB', 'email-verification')).toBeUndefined();
    expect(await subject.outbox.listUnsent()).toHaveLength(unsent);
  });

  it('claims due emails once per lease, retries after a failure, gives up, and marks sent', async () => {
    await issue('r1');
    const claim = (now: Date) =>
      subject.outbox.claimDue({ now, leaseUntil: at(60_000), limit: 10 });
    expect((await claim(at(1))).map((e) => e.id)).toEqual(['mail-r1']);
    expect(await claim(at(2))).toEqual([]);
    await subject.outbox.recordFailedSend({
      id: 'mail-r1',
      nextAttemptAt: at(30_000),
      failedAt: null,
      error: 'provider down',
    });
    expect(await claim(at(29_999))).toEqual([]);
    expect(await claim(at(30_000))).toMatchObject([{ id: 'mail-r1', attempts: 1 }]);
    await subject.outbox.markSent(['mail-r1'], at(30_001));
    expect(await subject.outbox.listUnsent()).toEqual([]);
    await issue('r2', 'password-reset', at(40_000));
    await claim(at(40_000));
    await subject.outbox.recordFailedSend({
      id: 'mail-r2',
      nextAttemptAt: at(90_000),
      failedAt: at(40_001),
      error: 'gave up',
    });
    expect(await claim(at(100_000))).toEqual([]);
    expect(await subject.outbox.listUnsent()).toMatchObject([
      { id: 'mail-r2', failedAt: at(40_001), lastError: 'gave up', attempts: 1 },
    ]);
  });

  it('marks the emails of a batch sent in one call, only those, at that time', async () => {
    await issue('a');
    await issue('b', 'email-verification');
    await issue('c', 'password-reset', at(5));
    await subject.outbox.markSent(['mail-a', 'mail-c'], at(10));
    await subject.outbox.markSent([], at(11));
    expect(await subject.outbox.listUnsent()).toMatchObject([
      { id: 'mail-b', attempts: 0, sentAt: null },
    ]);
    expect(await subject.outbox.pruneSettled(at(10))).toBe(0);
    expect(await subject.outbox.pruneSettled(at(11))).toBe(2);
  });

  it('prunes the emails sent or given up before a time, and never an unfinished one', async () => {
    await issue('sent');
    await subject.outbox.markSent(['mail-sent'], at(10));
    await issue('gaveup');
    await subject.outbox.recordFailedSend({
      id: 'mail-gaveup',
      nextAttemptAt: at(20),
      failedAt: at(20),
      error: 'gave up',
    });
    await issue('recent');
    await subject.outbox.markSent(['mail-recent'], at(1_000));
    await issue('pending');
    await subject.outbox.recordFailedSend({
      id: 'mail-pending',
      nextAttemptAt: at(30),
      failedAt: null,
      error: 'provider down',
    });
    expect(await subject.outbox.pruneSettled(at(1_000))).toBe(2);
    // What is left: the email sent at the cut-off and the one still being retried.
    expect((await subject.outbox.listUnsent()).map((e) => e.id)).toEqual(['mail-pending']);
    expect(await subject.outbox.pruneSettled(at(1_001))).toBe(1);
    expect(await subject.outbox.pruneSettled(at(9_999_999))).toBe(0);
    expect((await subject.outbox.listUnsent()).map((e) => e.id)).toEqual(['mail-pending']);
  });
});
