import { describe, expect, it } from 'vitest';
import {
  applyStatusAction,
  loginEligibility,
  normalizeEmail,
  passwordProblems,
  USERNAME_PATTERN,
} from '../../../src/models/entities/user';

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

describe('who may log in', () => {
  const now = new Date('2026-01-01T12:00:00Z');

  it('lets an active, unlocked user in', () => {
    expect(loginEligibility({ status: 'active', lockedUntil: null }, now)).toEqual({
      allowed: true,
    });
    expect(
      loginEligibility({ status: 'active', lockedUntil: new Date(now.getTime() - 1) }, now),
    ).toEqual({
      allowed: true,
    });
  });

  it('keeps a suspended user out', () => {
    expect(loginEligibility({ status: 'suspended', lockedUntil: null }, now)).toEqual({
      allowed: false,
      reason: 'suspended',
    });
  });

  it('keeps a locked user out and says for how long, rounded up to seconds', () => {
    const lockedUntil = new Date(now.getTime() + 90_500);
    expect(loginEligibility({ status: 'active', lockedUntil }, now)).toEqual({
      allowed: false,
      reason: 'locked',
      retryAfterSeconds: 91,
    });
  });
});
