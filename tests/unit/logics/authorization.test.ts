import { describe, expect, it } from 'vitest';
import {
  authorize,
  type AccessRule,
  type Principal,
} from '../../../src/logics/auth/authorization.ts';

const ada: Principal = { id: 'ada', role: 'user', sessionId: 's1' };
const root: Principal = { id: 'root', role: 'admin', sessionId: 's1' };

describe('authorize (the "who" column)', () => {
  it.each<[Principal, AccessRule, string | undefined, boolean]>([
    [ada, 'signed-in', undefined, true],
    [ada, 'self', 'ada', true],
    [ada, 'self', 'bob', false],
    [ada, 'self', undefined, false],
    [root, 'self', 'bob', false],
    [root, 'self', 'root', true],
    [ada, 'self-or-admin', 'ada', true],
    [ada, 'self-or-admin', 'bob', false],
    [ada, 'self-or-admin', undefined, false],
    [ada, 'admin', undefined, false],
    [ada, 'admin', 'ada', false],
    [root, 'self-or-admin', 'bob', true],
    [root, 'admin', undefined, true],
  ])('%o under %s on %s: %s', (principal, rule, target, expected) => {
    expect(authorize(principal, rule, target)).toBe(expected);
  });
});
