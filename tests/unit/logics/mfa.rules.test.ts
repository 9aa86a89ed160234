import { describe, expect, it } from 'vitest';
import { sha256 } from '../../../src/kit/crypto/encoding.ts';
import { recordReads } from '../../fakes/in-memory-user.repository.ts';
import { totpAt } from '../../support/rfc6238.ts';
import { ADA, mfaFixture, PASSWORD, ROOT } from './mfa.fixture.ts';

/*
 * The second factor's rules at their edges: who may remove it, what counts as pending,
 * what a code and a recovery code look like, and the answers each refusal gives.
 */

const NOBODY = '00000000-0000-4000-8000-999999999999';
const ada = { id: ADA, role: 'user', sessionId: 's-ada' } as const;
const root = { id: ROOT, role: 'admin', sessionId: 's-root' } as const;

async function fixture() {
  const { users, clock, mfaRepository: repository, mfa } = await mfaFixture();
  /** Enrols and confirms `userId`; answers the URI and the recovery codes. */
  const enable = async (userId: string) => {
    const { otpauthUri } = await mfa.enrolTotp(userId);
    const { recoveryCodes } = await mfa.confirmTotp(userId, totpAt(otpauthUri, clock.now()));
    return { otpauthUri, recoveryCodes };
  };
  return { users, repository, mfa, clock, enable };
}

const alreadyEnabled = {
  code: 'INVALID_STATE',
  detail: {
    en: 'The second factor is already enabled; remove it first.',
    fa: 'عامل دوم از قبل فعال است؛ ابتدا آن را حذف کنید.',
  },
};
const nothingPending = {
  code: 'INVALID_STATE',
  detail: {
    en: 'No enrolment is pending: start one with POST …/mfa/totp.',
    fa: 'ثبت‌نامی در انتظار نیست: با POST …/mfa/totp آغاز کنید.',
  },
};

describe('enrolment', () => {
  it('answers USER_NOT_FOUND for a user who is not there, reading users fresh', async () => {
    const { mfa, users } = await fixture();
    const reads = recordReads(users);
    await expect(mfa.enrolTotp(NOBODY)).rejects.toMatchObject({ code: 'USER_NOT_FOUND' });
    expect(reads).toEqual([{ id: NOBODY, fresh: true }]);
  });

  it('is refused once enabled, without writing a new pending secret', async () => {
    const { mfa, repository, enable } = await fixture();
    await enable(ADA);
    let saves = 0;
    const save = repository.savePendingTotp;
    repository.savePendingTotp = (command) => {
      saves++;
      return save(command);
    };
    await expect(mfa.enrolTotp(ADA)).rejects.toMatchObject(alreadyEnabled);
    expect(saves).toBe(0);
  });

  it('is refused when the factor was enabled between the read and the write', async () => {
    const { mfa, repository } = await fixture();
    repository.savePendingTotp = () => Promise.resolve(false);
    await expect(mfa.enrolTotp(ADA)).rejects.toMatchObject(alreadyEnabled);
  });
});

describe('confirmation', () => {
  it('answers nothing pending before any enrolment and after the confirmation', async () => {
    const { mfa, enable } = await fixture();
    await expect(mfa.confirmTotp(ADA, '123456')).rejects.toMatchObject(nothingPending);
    await enable(ADA);
    await expect(mfa.confirmTotp(ADA, '000000')).rejects.toMatchObject(nothingPending);
  });

  it('answers nothing pending when another confirmation won the race', async () => {
    const { mfa, repository, clock } = await fixture();
    const { otpauthUri } = await mfa.enrolTotp(ADA);
    repository.confirmTotp = () => Promise.resolve(false);
    await expect(mfa.confirmTotp(ADA, totpAt(otpauthUri, clock.now()))).rejects.toMatchObject(
      nothingPending,
    );
  });

  it('names the code in its refusal of a wrong one, and accepts one typed with spaces', async () => {
    const { mfa, clock } = await fixture();
    const { otpauthUri } = await mfa.enrolTotp(ADA);
    await expect(mfa.confirmTotp(ADA, '000000')).rejects.toMatchObject({
      code: 'VALIDATION_ERROR',
      errors: [{ path: 'code', message: 'The code is wrong or has expired.' }],
    });
    const { recoveryCodes } = await mfa.confirmTotp(ADA, ` ${totpAt(otpauthUri, clock.now())} `);
    expect(recoveryCodes).toHaveLength(10);
  });

  it('answers ten distinct recovery codes of two groups of five unambiguous characters', async () => {
    const { enable } = await fixture();
    const { recoveryCodes } = await enable(ADA);
    expect(new Set(recoveryCodes).size).toBe(10);
    for (const code of recoveryCodes) {
      expect(code).toMatch(/^[abcdefghjkmnpqrstuvwxyz2-9]{5}-[abcdefghjkmnpqrstuvwxyz2-9]{5}$/);
    }
  });
});

describe('removal', () => {
  it('answers USER_NOT_FOUND for a user who is not there', async () => {
    const { mfa } = await fixture();
    await expect(mfa.removeTotp({ userId: NOBODY, actor: root })).rejects.toMatchObject({
      code: 'USER_NOT_FOUND',
    });
  });

  const needsPassword = {
    code: 'VALIDATION_ERROR',
    errors: [{ path: 'password', message: 'Send your current password.' }],
  };

  it('needs the password of an admin removing their own', async () => {
    const { mfa, enable } = await fixture();
    await enable(ROOT);
    await expect(mfa.removeTotp({ userId: ROOT, actor: root })).rejects.toMatchObject(
      needsPassword,
    );
    await mfa.removeTotp({ userId: ROOT, actor: root, password: PASSWORD });
  });

  it('needs the right password of a user, even when acting on another user', async () => {
    const { mfa, enable } = await fixture();
    await enable(ADA);
    await enable(ROOT);
    await expect(
      mfa.removeTotp({ userId: ADA, actor: ada, password: 'wrong password!' }),
    ).rejects.toMatchObject({
      code: 'VALIDATION_ERROR',
      errors: [{ path: 'password', message: 'Not the current password.' }],
    });
    await expect(mfa.removeTotp({ userId: ROOT, actor: ada })).rejects.toMatchObject(needsPassword);
  });

  it('counts a wrong password as a failed log-in of the address: the fifth locks', async () => {
    const { mfa, enable } = await fixture();
    await enable(ADA);
    const remove = (password: string) =>
      mfa.removeTotp({ userId: ADA, actor: ada, password, clientAddress: '192.0.2.7' });
    for (let i = 0; i < 4; i++) {
      await expect(remove('wrong password!')).rejects.toMatchObject({ code: 'VALIDATION_ERROR' });
    }
    await expect(remove('wrong password!')).rejects.toMatchObject({ code: 'ACCOUNT_LOCKED' });
    await expect(remove(PASSWORD)).rejects.toMatchObject({ code: 'ACCOUNT_LOCKED' });
  });

  it('answers NOT_FOUND, in both languages, when there is no second factor', async () => {
    const { mfa } = await fixture();
    await expect(mfa.removeTotp({ userId: ADA, actor: root })).rejects.toMatchObject({
      code: 'NOT_FOUND',
      detail: { en: 'This user has no second factor.', fa: 'این کاربر عامل دومی ندارد.' },
    });
  });
});

describe("the log-in's second-factor check", () => {
  // It only checks: the code it answers is spent by the log-in's own batch (completeLogin).
  const stepOf = (now: Date) => Math.floor(now.getTime() / 30_000);

  it('answers the step of a TOTP code typed with spaces, nothing for a wrong one', async () => {
    const { mfa, enable, clock } = await fixture();
    const { otpauthUri } = await enable(ADA);
    clock.advance(30_000);
    expect(await mfa.check.verifyLogin(ADA, '000000', clock.now())).toBeUndefined();
    const code = totpAt(otpauthUri, clock.now());
    expect(await mfa.check.verifyLogin(ADA, ` ${code} `, clock.now())).toEqual({
      kind: 'totp',
      step: stepOf(clock.now()),
    });
  });

  it('answers nothing for a code of a step already spent, or of an earlier one', async () => {
    const { mfa, repository, enable, clock } = await fixture();
    const { otpauthUri } = await enable(ADA);
    clock.advance(30_000);
    const code = totpAt(otpauthUri, clock.now());
    const totp = repository.totp.get(ADA);
    if (!totp) throw new Error('no factor');
    totp.lastStep = stepOf(clock.now());
    expect(await mfa.check.verifyLogin(ADA, code, clock.now())).toBeUndefined();
    totp.lastStep = stepOf(clock.now()) + 1;
    expect(await mfa.check.verifyLogin(ADA, code, clock.now())).toBeUndefined();
  });

  it('accepts no TOTP code without a confirmed factor', async () => {
    const { mfa, clock } = await fixture();
    expect(await mfa.check.verifyLogin(ADA, '123456', clock.now())).toBeUndefined();
    const { otpauthUri } = await mfa.enrolTotp(ADA);
    expect(
      await mfa.check.verifyLogin(ADA, totpAt(otpauthUri, clock.now()), clock.now()),
    ).toBeUndefined();
  });

  it('answers the hash of a recovery code typed without its dash, even one made only of digits', async () => {
    const { mfa, repository, enable, clock } = await fixture();
    const { recoveryCodes } = await enable(ADA);
    const code = recoveryCodes[1] ?? '';
    expect(await mfa.check.verifyLogin(ADA, code.replace('-', ''), clock.now())).toEqual({
      kind: 'recovery',
      codeHash: await sha256(code.replace('-', '')),
    });
    // A code of ten digits is still a recovery code, not a TOTP code.
    repository.recoveryCodes.get(ADA)?.push({ codeHash: await sha256('2345623456'), usedAt: null });
    expect(await mfa.check.verifyLogin(ADA, '2345623456', clock.now())).toEqual({
      kind: 'recovery',
      codeHash: await sha256('2345623456'),
    });
    // Once used (by the log-in's batch), it answers nothing, however it is typed.
    const stored = repository.recoveryCodes.get(ADA)?.at(-1);
    if (stored) stored.usedAt = clock.now();
    expect(await mfa.check.verifyLogin(ADA, '2345623456', clock.now())).toBeUndefined();
    expect(await mfa.check.verifyLogin(ADA, '23456-23456', clock.now())).toBeUndefined();
  });
});
