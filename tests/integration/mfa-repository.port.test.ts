import { beforeEach, describe, expect, it } from 'vitest';
import {
  at,
  nextId,
  portSubjects,
  T0,
  seedUser,
  type PortSubject,
} from '../contracts/port-subjects.ts';

/*
 * The contract of the second-factor repository port, run against the in-memory fake and
 * the Drizzle adapter on a real libSQL file. Spending a code is the log-in's batch: the
 * auth repository port's suite holds that.
 */

describe.each(portSubjects())('the mfa repository port: %s', (_name, make) => {
  let subject: PortSubject;
  let userId: string;
  const codes = (...hashes: string[]) => hashes.map((codeHash) => ({ id: nextId(), codeHash }));
  beforeEach(async () => {
    subject = await make();
    userId = await seedUser(subject, 'ada');
  });

  it('keeps a pending factor apart from the user until it is confirmed', async () => {
    expect(await subject.mfa.findTotp(userId)).toBeUndefined();
    expect(await subject.mfa.savePendingTotp({ userId, sealedSecret: 's1', now: at(1) })).toBe(
      true,
    );
    expect(await subject.mfa.savePendingTotp({ userId, sealedSecret: 's2', now: at(2) })).toBe(
      true,
    );
    expect(await subject.mfa.findTotp(userId)).toEqual({
      sealedSecret: 's2',
      confirmedAt: null,
      lastStep: null,
    });
    expect(await subject.users.findById({ id: userId })).toMatchObject({ mfaEnabled: false });
  });

  it('confirms once: mfaEnabled, the step taken, a confirmed factor never replaced', async () => {
    expect(
      await subject.mfa.confirmTotp({ userId, step: 5, recoveryCodes: codes('h'), now: T0 }),
    ).toBe(false);
    await subject.mfa.savePendingTotp({ userId, sealedSecret: 's1', now: T0 });
    expect(
      await subject.mfa.confirmTotp({
        userId,
        step: 5,
        recoveryCodes: codes('h1', 'h2'),
        now: at(3),
      }),
    ).toBe(true);
    expect(
      await subject.mfa.confirmTotp({ userId, step: 6, recoveryCodes: codes('h3'), now: at(4) }),
    ).toBe(false);
    expect(await subject.mfa.findTotp(userId)).toEqual({
      sealedSecret: 's1',
      confirmedAt: at(3),
      lastStep: 5,
    });
    expect(await subject.users.findById({ id: userId })).toMatchObject({ mfaEnabled: true });
    expect(await subject.mfa.savePendingTotp({ userId, sealedSecret: 's9', now: at(5) })).toBe(
      false,
    );
    // The codes of the refused confirmation were not stored; the first ones were.
    const unused = (codeHash: string) => subject.mfa.hasUnusedRecoveryCode({ userId, codeHash });
    expect(await unused('h3')).toBe(false);
    expect(await unused('h2')).toBe(true);
  });

  it('removes the factor and its codes, clearing mfaEnabled', async () => {
    await subject.mfa.savePendingTotp({ userId, sealedSecret: 's1', now: T0 });
    await subject.mfa.confirmTotp({ userId, step: 1, recoveryCodes: codes('h1'), now: T0 });
    expect(await subject.mfa.removeTotp(userId)).toBe(true);
    expect(await subject.mfa.removeTotp(userId)).toBe(false);
    expect(await subject.mfa.findTotp(userId)).toBeUndefined();
    expect(await subject.users.findById({ id: userId, fresh: true })).toMatchObject({
      mfaEnabled: false,
    });
    expect(await subject.mfa.hasUnusedRecoveryCode({ userId, codeHash: 'h1' })).toBe(false);
  });
});
