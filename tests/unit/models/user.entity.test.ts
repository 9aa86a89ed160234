import { describe, expect, it } from 'vitest';
import {
  applyStatusAction,
  lockedOut,
  LOCKOUT_MS,
  loginOutcome,
  MAX_FAILED_LOGINS,
  normalizeEmail,
  passwordContainsUsername,
  passwordProblems,
  USERNAME_PATTERN,
} from '../../../src/models/entities/user.ts';

describe('the username rule', () => {
  it.each(['ada', 'ada_l', 'A.b-c_9', 'x'.repeat(32), '007'])('accepts %s', (name) => {
    expect(USERNAME_PATTERN.test(name)).toBe(true);
  });

  it.each(['ab', 'x'.repeat(33), '_ada', 'ada.', '-ada', 'ada l', 'adä', 'ada@l', ''])(
    'rejects %j',
    (name) => {
      expect(USERNAME_PATTERN.test(name)).toBe(false);
    },
  );
});

describe('normalizeEmail', () => {
  it('trims and lower-cases', () => {
    expect(normalizeEmail('  Ada@Example.COM ')).toBe('ada@example.com');
  });
});

describe('the password policy', () => {
  it('accepts 12 to 128 characters that do not contain the username', () => {
    expect(passwordProblems('x'.repeat(12), 'ada')).toEqual([]);
    expect(passwordProblems('x'.repeat(128), 'ada')).toEqual([]);
  });

  it('rejects a short, a long, and a password containing the username in any case', () => {
    expect(passwordProblems('x'.repeat(11), 'ada')).toEqual(['Must be at least 12 characters.']);
    expect(passwordProblems('x'.repeat(129), 'ada')).toEqual(['Must be at most 128 characters.']);
    expect(passwordProblems('my-ADA_L-password', 'ada_l')).toEqual([
      'Must not contain the username.',
    ]);
  });

  it('has no username to look for when the username is empty', () => {
    expect(passwordContainsUsername('any long passphrase', '')).toBe(false);
    expect(passwordProblems('any long passphrase', '')).toEqual([]);
  });

  it('counts characters, not UTF-16 units', () => {
    expect(passwordProblems('🔑'.repeat(11), 'ada')).toEqual(['Must be at least 12 characters.']);
    expect(passwordProblems('🔑'.repeat(12), 'ada')).toEqual([]);
  });
});

describe('status transitions', () => {
  it('suspends an active user and activates a suspended one', () => {
    expect(applyStatusAction({ status: 'active' }, 'suspend')).toEqual({
      status: 'suspended',
      changed: true,
    });
    expect(applyStatusAction({ status: 'suspended' }, 'activate')).toEqual({
      status: 'active',
      changed: true,
    });
  });

  it('makes a repeated action a no-op', () => {
    expect(applyStatusAction({ status: 'suspended' }, 'suspend')).toEqual({
      status: 'suspended',
      changed: false,
    });
    expect(applyStatusAction({ status: 'active' }, 'activate')).toEqual({
      status: 'active',
      changed: false,
    });
  });
});

describe('the lockout rules', () => {
  const now = new Date('2026-01-01T12:00:00Z');
  const later = (ms: number) => new Date(now.getTime() + ms);

  it('refuses an attempt past the limit without a password check while the lock holds', () => {
    expect(lockedOut({ attempt: 6, lockedUntil: later(90_500) }, now)).toEqual({
      retryAfterSeconds: 91,
    });
    expect(lockedOut({ attempt: 6, lockedUntil: later(1) }, now)).toEqual({
      retryAfterSeconds: 1,
    });
  });

  it('lets the attempt that reached the limit, and any attempt without a holding lock, be checked', () => {
    expect(lockedOut({ attempt: MAX_FAILED_LOGINS, lockedUntil: later(LOCKOUT_MS) }, now)).toBe(
      undefined,
    );
    expect(lockedOut({ attempt: 6, lockedUntil: now }, now)).toBeUndefined();
    expect(lockedOut({ attempt: 6, lockedUntil: null }, now)).toBeUndefined();
  });

  it('answers a wrong password that set the lock with the lock and its remaining seconds', () => {
    expect(loginOutcome({ lockedUntil: later(LOCKOUT_MS) }, 'active', false, now)).toEqual({
      outcome: 'locked',
      retryAfterSeconds: LOCKOUT_MS / 1000,
    });
    expect(loginOutcome({ lockedUntil: later(1) }, 'active', false, now)).toEqual({
      outcome: 'locked',
      retryAfterSeconds: 1,
    });
  });

  it('answers any other wrong password as wrong, whatever the status', () => {
    for (const lockedUntil of [null, now, later(-1)]) {
      expect(loginOutcome({ lockedUntil }, 'active', false, now)).toEqual({
        outcome: 'wrong-password',
      });
      expect(loginOutcome({ lockedUntil }, 'suspended', false, now)).toEqual({
        outcome: 'wrong-password',
      });
    }
  });

  it('lets the right password in, even on the attempt that set the lock; keeps a suspended user out', () => {
    expect(loginOutcome({ lockedUntil: later(LOCKOUT_MS) }, 'active', true, now)).toEqual({
      outcome: 'granted',
    });
    expect(loginOutcome({ lockedUntil: null }, 'active', true, now)).toEqual({
      outcome: 'granted',
    });
    expect(loginOutcome({ lockedUntil: null }, 'suspended', true, now)).toEqual({
      outcome: 'disabled',
    });
  });
});
