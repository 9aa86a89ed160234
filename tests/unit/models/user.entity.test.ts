import { describe, expect, it } from 'vitest';
import {
  applyStatusAction,
  lockedOut,
  LOCKOUT_MS,
  loginOutcome,
  MAX_FAILED_LOGINS,
  normalizeEmail,
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

describe('the lockout arithmetic', () => {
  const now = new Date('2026-01-01T12:00:00Z');
  const later = (ms: number) => new Date(now.getTime() + ms);

  it('refuses an attempt past the limit without a password check while locked', () => {
    expect(lockedOut({ attempt: 6, lockedUntil: later(90_500) }, now)).toEqual({
      retryAfterSeconds: 91,
    });
    expect(lockedOut({ attempt: 5, lockedUntil: later(LOCKOUT_MS) }, now)).toBeUndefined();
    expect(lockedOut({ attempt: 6, lockedUntil: now }, now)).toBeUndefined();
  });

  it('locks on the wrong password of the last allowed attempt', () => {
    expect(loginOutcome({ attempt: 4, lockedUntil: null }, 'active', false, now)).toEqual({
      outcome: 'wrong-password',
    });
    expect(
      loginOutcome(
        { attempt: MAX_FAILED_LOGINS, lockedUntil: later(LOCKOUT_MS) },
        'active',
        false,
        now,
      ),
    ).toEqual({
      outcome: 'locked',
      retryAfterSeconds: LOCKOUT_MS / 1000,
    });
  });

  it('lets the right password in on the last allowed attempt, and keeps a suspended user out', () => {
    expect(
      loginOutcome({ attempt: 5, lockedUntil: later(LOCKOUT_MS) }, 'active', true, now),
    ).toEqual({
      outcome: 'granted',
    });
    expect(loginOutcome({ attempt: 1, lockedUntil: null }, 'suspended', true, now)).toEqual({
      outcome: 'disabled',
    });
  });
});
