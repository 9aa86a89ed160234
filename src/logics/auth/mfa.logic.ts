import { sha256 } from '../../kit/crypto/encoding.ts';
import type { PasswordHasher } from '../../kit/crypto/password.ts';
import type { SecretBox } from '../../kit/crypto/secret-box.ts';
import { newTotpSecret, totpStep, totpUri } from '../../kit/crypto/totp.ts';
import { InvalidStateError, NotFoundError, ValidationError } from '../../kit/errors/catalogue.ts';
import type { Clock, IdGenerator } from '../../kit/runtime.ts';
import { UserNotFoundError } from '../../models/errors/user.errors.ts';
import type { AuthRepository } from '../../repositories/auth/auth.repository.port.ts';
import type { MfaRepository } from '../../repositories/mfa/mfa.repository.port.ts';
import type { UserRepository } from '../../repositories/user/user.repository.port.ts';
import type { Principal } from './authorization.ts';
import type { SecondFactorCheck } from './authentication.logic.ts';
import { confirmPassword } from './lockout.ts';

export interface MfaDeps {
  readonly mfa: MfaRepository;
  /** The credentials and the log-in counts: a user's removal is confirmed by password. */
  readonly auth: AuthRepository;
  readonly users: UserRepository;
  readonly passwords: PasswordHasher;
  /** Seals TOTP secrets at rest (AES-GCM under `MFA_ENCRYPTION_KEY`). */
  readonly secrets: SecretBox;
  readonly clock: Clock;
  readonly newId: IdGenerator;
  /** The issuer an authenticator app shows beside the username. */
  readonly issuer: string;
}

/** A pending enrolment: what an authenticator app needs, shown this once. */
export interface TotpEnrolmentResponse {
  readonly secret: string;
  readonly otpauthUri: string;
}

const RECOVERY_CODE_COUNT = 10;

/** A recovery code as the user types it: case, spaces and dashes do not matter. */
// Stryker disable next-line MethodExpression: codes are stored and looked up through this one function, so upper-casing instead matches exactly the same codes
const normalizeRecoveryCode = (code: string) => code.toLowerCase().replace(/[\s-]/g, '');

/** What is stored of a recovery code, and looked up when one is typed. */
const hashRecoveryCode = (code: string) => sha256(normalizeRecoveryCode(code));

/** Ten characters of base32-ish alphabet in two groups of five: `k3x9q-7mwd2`. */
function newRecoveryCode(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
  const bytes = crypto.getRandomValues(new Uint8Array(10));
  const chars = [...bytes].map((byte) => alphabet.charAt(byte % alphabet.length));
  return `${chars.slice(0, 5).join('')}-${chars.slice(5).join('')}`;
}

const wrongCode = () =>
  new ValidationError({
    errors: [{ path: 'code', message: 'The code is wrong or has expired.' }],
  });

/**
 * Starts (or restarts) a TOTP enrolment: a new secret, sealed at rest, pending until a code
 * confirms it.
 *
 * @throws {UserNotFoundError} no such live user.
 * @throws {InvalidStateError} the user's second factor is already enabled.
 */
export const enrolTotp =
  (deps: MfaDeps) =>
  async (userId: string): Promise<TotpEnrolmentResponse> => {
    const user = await deps.users.findById({ id: userId, fresh: true });
    if (!user) throw new UserNotFoundError();
    const alreadyEnabled = () =>
      new InvalidStateError({
        detail: {
          en: 'The second factor is already enabled; remove it first.',
          fa: 'عامل دوم از قبل فعال است؛ ابتدا آن را حذف کنید.',
        },
      });
    if (user.mfaEnabled) throw alreadyEnabled();
    const secret = newTotpSecret();
    const saved = await deps.mfa.savePendingTotp({
      userId,
      sealedSecret: await deps.secrets.seal(secret),
      now: deps.clock(),
    });
    if (!saved) throw alreadyEnabled();
    return { secret, otpauthUri: totpUri({ secret, issuer: deps.issuer, label: user.username }) };
  };

/**
 * Confirms a pending enrolment with a code from the authenticator: the second factor is
 * enabled and ten single-use recovery codes are answered, this once (stored as hashes).
 *
 * @throws {InvalidStateError} nothing is pending.
 * @throws {ValidationError} naming `code`: a wrong or expired code.
 */
export const confirmTotp =
  (deps: MfaDeps) =>
  async (userId: string, code: string): Promise<{ recoveryCodes: string[] }> => {
    const totp = await deps.mfa.findTotp(userId);
    const nothingPending = () =>
      new InvalidStateError({
        detail: {
          en: 'No enrolment is pending: start one with POST …/mfa/totp.',
          fa: 'ثبت‌نامی در انتظار نیست: با POST …/mfa/totp آغاز کنید.',
        },
      });
    if (!totp || totp.confirmedAt !== null) throw nothingPending();
    const now = deps.clock();
    const step = totpStep(await deps.secrets.open(totp.sealedSecret), code.trim(), now);
    if (step === undefined) throw wrongCode();
    const recoveryCodes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
    const confirmed = await deps.mfa.confirmTotp({
      userId,
      step,
      now,
      recoveryCodes: await Promise.all(
        recoveryCodes.map(async (plain) => ({
          id: deps.newId(),
          codeHash: await hashRecoveryCode(plain),
        })),
      ),
    });
    if (!confirmed) throw nothingPending();
    return { recoveryCodes };
  };

/**
 * Removes a user's second factor: the user with their password, checked as a log-in is (a
 * wrong one counts toward the lock of the account and client address), or an admin for
 * another user (a lost phone) without one.
 *
 * @throws {UserNotFoundError} no such live user.
 * @throws {ValidationError} naming `password`: the user's own removal without the right one.
 * @throws {AccountLockedError} the user's own removal while locked, or the wrong password
 * that locks.
 * @throws {NotFoundError} the user has no second factor, pending or enabled.
 */
export const removeTotp =
  (deps: MfaDeps) =>
  async ({
    userId,
    actor,
    password,
    clientAddress,
  }: {
    userId: string;
    actor: Principal;
    password?: string | undefined;
    clientAddress?: string | undefined;
  }): Promise<void> => {
    const account = await deps.auth.findCredentials({ id: userId });
    if (!account) throw new UserNotFoundError();
    const byAdminForAnother = actor.role === 'admin' && actor.id !== userId;
    if (!byAdminForAnother) {
      if (password === undefined) {
        throw new ValidationError({
          errors: [{ path: 'password', message: 'Send your current password.' }],
        });
      }
      const address = clientAddress ?? 'unknown';
      await confirmPassword(deps, {
        account,
        password,
        address,
        now: deps.clock(),
        path: 'password',
      });
      // The right password: this attempt is no failure.
      await deps.auth.resetLoginAttempts({ subject: account.id, address });
    }
    if (!(await deps.mfa.removeTotp(userId))) {
      throw new NotFoundError({
        detail: {
          en: 'This user has no second factor.',
          fa: 'این کاربر عامل دومی ندارد.',
        },
      });
    }
  };

/**
 * The log-in's second-factor check: a TOTP code of the current step (±1) later than the
 * last one accepted, or an unused recovery code. It only reads: the log-in's batch spends
 * the code it answers, once, with the session it starts.
 */
function secondFactorCheck(deps: MfaDeps): SecondFactorCheck {
  return {
    async verifyLogin(userId, code, now) {
      const trimmed = code.trim();
      if (/^\d{6}$/.test(trimmed)) {
        const totp = await deps.mfa.findTotp(userId);
        if (!totp || totp.confirmedAt === null) return undefined;
        const step = totpStep(await deps.secrets.open(totp.sealedSecret), trimmed, now);
        // A code of the last step accepted, or of an earlier one, is a replay.
        if (step === undefined || step <= (totp.lastStep ?? 0)) return undefined;
        return { kind: 'totp', step };
      }
      const codeHash = await hashRecoveryCode(trimmed);
      const unused = await deps.mfa.hasUnusedRecoveryCode({ userId, codeHash });
      return unused ? { kind: 'recovery', codeHash } : undefined;
    },
  };
}

/** The second-factor use cases, bound to their ports once by the composition root. */
export type MfaLogic = ReturnType<typeof createMfaLogic>;

export function createMfaLogic(deps: MfaDeps) {
  return {
    enrolTotp: enrolTotp(deps),
    confirmTotp: confirmTotp(deps),
    removeTotp: removeTotp(deps),
    check: secondFactorCheck(deps),
  };
}
