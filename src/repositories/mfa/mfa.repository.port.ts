import type {
  AcceptTotpStepCommand,
  ConfirmTotpCommand,
  SavePendingTotpCommand,
  TotpResponse,
  UseRecoveryCodeCommand,
} from '../../models/dtos/mfa/repository/mfa.repository.dtos.ts';

/**
 * The second-factor repository port: a user's TOTP factor and recovery codes. Every
 * decision that must hold under concurrency (a code used once, a step accepted once) is one
 * conditional write here.
 */
export interface MfaRepository {
  findTotp(userId: string): Promise<TotpResponse | undefined>;
  /** A live user's password hash, for the user removing their own factor. */
  findPasswordHash(userId: string): Promise<string | undefined>;
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
  /** Accepts a code's step only if it is later than the last accepted one (no replay). */
  acceptTotpStep(command: AcceptTotpStepCommand): Promise<boolean>;
  /** Uses an unused recovery code of the user. @returns false when there is none such. */
  useRecoveryCode(command: UseRecoveryCodeCommand): Promise<boolean>;
  /** In one batch: removes the factor and the recovery codes, clears `mfaEnabled`. */
  removeTotp(userId: string): Promise<boolean>;
}
