/* Internal DTOs between the second-factor logic and its repository. */

/** A user's TOTP factor as stored: the sealed secret, pending until confirmed. */
export interface TotpResponse {
  readonly sealedSecret: string;
  readonly confirmedAt: Date | null;
  /** The last time step a code was accepted at; a code of this step or before is refused. */
  readonly lastStep: number | null;
}

export interface SavePendingTotpCommand {
  readonly userId: string;
  readonly sealedSecret: string;
  readonly now: Date;
}

export interface ConfirmTotpCommand {
  readonly userId: string;
  /** The step of the code that confirmed it: that code cannot then log in. */
  readonly step: number;
  readonly recoveryCodes: readonly { readonly id: string; readonly codeHash: string }[];
  readonly now: Date;
}

export interface RecoveryCodeQuery {
  readonly userId: string;
  readonly codeHash: string;
}
