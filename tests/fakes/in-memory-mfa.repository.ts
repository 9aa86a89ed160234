import type { MfaRepository } from '../../src/repositories/mfa/mfa.repository.port.ts';
import type { InMemoryUserRepository } from './in-memory-user.repository.ts';

interface StoredTotp {
  sealedSecret: string;
  confirmedAt: Date | null;
  lastStep: number | null;
}

/**
 * An in-memory `MfaRepository` over the same rows as an `InMemoryUserRepository` (it sets
 * their `mfaEnabled`). `tests/integration/mfa-repository.port.test.ts` holds it to the
 * Drizzle adapter.
 */
export class InMemoryMfaRepository implements MfaRepository {
  private readonly users: InMemoryUserRepository;
  readonly totp = new Map<string, StoredTotp>();
  readonly recoveryCodes = new Map<string, { codeHash: string; usedAt: Date | null }[]>();

  constructor(users: InMemoryUserRepository) {
    this.users = users;
  }

  findTotp: MfaRepository['findTotp'] = (userId) => {
    const row = this.totp.get(userId);
    return Promise.resolve(row && { ...row });
  };

  findPasswordHash: MfaRepository['findPasswordHash'] = (userId) => {
    const row = this.users.rows.get(userId);
    return Promise.resolve(row && row.deletedAt === null ? row.passwordHash : undefined);
  };

  savePendingTotp: MfaRepository['savePendingTotp'] = ({ userId, sealedSecret }) => {
    if (this.totp.get(userId)?.confirmedAt) return Promise.resolve(false);
    this.totp.set(userId, { sealedSecret, confirmedAt: null, lastStep: null });
    return Promise.resolve(true);
  };

  confirmTotp: MfaRepository['confirmTotp'] = ({ userId, step, recoveryCodes, now }) => {
    const row = this.totp.get(userId);
    if (!row || row.confirmedAt !== null) return Promise.resolve(false);
    this.totp.set(userId, { ...row, confirmedAt: now, lastStep: step });
    this.recoveryCodes.set(
      userId,
      recoveryCodes.map(({ codeHash }) => ({ codeHash, usedAt: null })),
    );
    this.users.change(userId, { mfaEnabled: true, updatedAt: now });
    return Promise.resolve(true);
  };

  acceptTotpStep: MfaRepository['acceptTotpStep'] = ({ userId, step }) => {
    const row = this.totp.get(userId);
    if (!row || row.confirmedAt === null || (row.lastStep !== null && row.lastStep >= step)) {
      return Promise.resolve(false);
    }
    row.lastStep = step;
    return Promise.resolve(true);
  };

  useRecoveryCode: MfaRepository['useRecoveryCode'] = ({ userId, codeHash, now }) => {
    const code = this.recoveryCodes
      .get(userId)
      ?.find((c) => c.codeHash === codeHash && c.usedAt === null);
    if (!code) return Promise.resolve(false);
    code.usedAt = now;
    return Promise.resolve(true);
  };

  removeTotp: MfaRepository['removeTotp'] = (userId) => {
    const existed = this.totp.delete(userId);
    this.recoveryCodes.delete(userId);
    this.users.change(userId, { mfaEnabled: false });
    return Promise.resolve(existed);
  };
}
