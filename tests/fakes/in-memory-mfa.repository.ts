import type { MfaRepository } from '../../src/repositories/mfa/mfa.repository.port.ts';
import type {
  InMemoryUserRepository,
  StoredRecoveryCode,
  StoredTotp,
} from './in-memory-user.repository.ts';

/**
 * An in-memory `MfaRepository` over the same rows as an `InMemoryUserRepository` (it sets
 * their `mfaEnabled`, and keeps the factor in its tables, where `InMemoryAuthRepository`'s
 * log-in spends a code). `tests/integration/mfa-repository.port.test.ts` holds it to the
 * Drizzle adapter.
 */
export class InMemoryMfaRepository implements MfaRepository {
  private readonly users: InMemoryUserRepository;
  readonly totp: Map<string, StoredTotp>;
  readonly recoveryCodes: Map<string, StoredRecoveryCode[]>;

  constructor(users: InMemoryUserRepository) {
    this.users = users;
    this.totp = users.totp;
    this.recoveryCodes = users.recoveryCodes;
  }

  findTotp: MfaRepository['findTotp'] = (userId) => {
    const row = this.totp.get(userId);
    return Promise.resolve(row && { ...row });
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

  hasUnusedRecoveryCode: MfaRepository['hasUnusedRecoveryCode'] = ({ userId, codeHash }) =>
    Promise.resolve(
      this.recoveryCodes.get(userId)?.some((c) => c.codeHash === codeHash && c.usedAt === null) ??
        false,
    );

  removeTotp: MfaRepository['removeTotp'] = (userId) => {
    const existed = this.totp.delete(userId);
    this.recoveryCodes.delete(userId);
    this.users.change(userId, { mfaEnabled: false });
    return Promise.resolve(existed);
  };
}
