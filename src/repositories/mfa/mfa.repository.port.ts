import type {
  ConfirmTotpCommand,
  RecoveryCodeQuery,
  SavePendingTotpCommand,
  TotpResponse,
} from '../../models/dtos/mfa/repository/mfa.repository.dtos.ts';

/**
 * The second-factor repository port: a user's TOTP factor and recovery codes. Every
 * decision that must hold under concurrency is one conditional write: here, or for a code a
 * log-in spends (a step accepted once, a recovery code used once), the log-in's own batch
 * (`AuthRepository.completeLogin`), so a log-in that fails keeps its code.
 */
export interface MfaRepository {
  findTotp(userId: string): Promise<TotpResponse | undefined>;
  /**
   * Stores a pending factor, replacing an earlier pending one.
   * @returns false when a confirmed factor exists (it is left alone).
   */
  savePendingTotp(command: SavePendingTotpCommand): Promise<boolean>;
  /**
   * In one batch: confirms the pending factor at `step`, replaces the recovery codes, sets
   * the user's `mfaEnabled`. @returns false when nothing was pending.
   */
  confirmTotp(command: ConfirmTotpCommand): Promise<boolean>;
  /** Whether the user has this recovery code, unused (a log-in's check; its batch spends it). */
  hasUnusedRecoveryCode(query: RecoveryCodeQuery): Promise<boolean>;
  /** In one batch: removes the factor and the recovery codes, clears `mfaEnabled`. */
  removeTotp(userId: string): Promise<boolean>;
}
